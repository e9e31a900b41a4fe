using System.Text.Json.Nodes;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Governance;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>
/// A contract table's statements are derived from typed differences (what, which column, from which function to which),
/// never from the plan's detail text: that text is only their rendering.
/// </summary>
public sealed class AccessTableStatementsTests
{
    [Test]
    public void A_missing_mask_a_mask_on_an_unclassified_column_and_a_stray_row_filter_become_set_drop_and_drop_statements()
    {
        var access = AccessAdapterTests.Declared();
        var masks = access.Masks;
        var contract = access.Contracts.Tables.First(t => masks.MasksOf(t.Name).Any() && masks.RowFilterOf(t.Name) is null && t.Columns.Any(c => c.Classification is null));
        var declared = masks.MasksOf(contract.Name).ToList();
        var missing = declared[0];
        string FunctionOf(ColumnMask mask) => AccessSql.FunctionName(access, mask.Function.Schema, mask.Function.Name);
        var unclassified = contract.Columns.First(c => c.Classification is null).Name;
        var stray = FunctionOf(missing);
        var strayFilter = $"{access.Catalog}.{access.Governance.FunctionSchema}.filter_gone";
        JsonObject? LiveMask(string column) =>
            column == unclassified ? new JsonObject { ["function_name"] = stray }
            : declared.FirstOrDefault(m => m.Column == column && m != missing) is { } kept ? new JsonObject { ["function_name"] = FunctionOf(kept) }
            : null;
        var live = new JsonObject
        {
            ["columns"] = new JsonArray(contract.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["mask"] = LiveMask(c.Name) }).ToArray()),
            ["row_filter"] = new JsonObject { ["function_name"] = strayFilter, ["input_column_names"] = new JsonArray(JsonValue.Create(unclassified)) },
        };

        var step = LakehouseTableAdapter.Compare(access, contract, live);

        Assert.That(step.Statements.Select(s => (s.What, s.Function)), Is.EqualTo(new (string, string?)[]
        {
            ("mask on " + missing.Column, FunctionOf(missing)),
            ("mask removed from " + unclassified, null),
            ("row filter removed", null),
        }));
        Assert.That(step.Statements.Select(s => s.Statement).Skip(1), Is.EqualTo(new[]
        {
            $"ALTER TABLE {AccessSql.QuoteName(step.FullName)} ALTER COLUMN {AccessSql.Quote(unclassified)} DROP MASK",
            $"ALTER TABLE {AccessSql.QuoteName(step.FullName)} DROP ROW FILTER",
        }));
        Assert.That(step.Detail, Is.EqualTo(
            $"mask on {missing.Column}: none → {FunctionOf(missing)}; mask on {unclassified}: {stray} → none (no longer classified); row filter: {strayFilter} → none"));
    }
}
