using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>One statement to run, what it is for (shown when it fails) and the mask or filter function it sets, if any.</summary>
/// <param name="Function">The full name of the function the statement sets: the statement is skipped when that function failed.</param>
public sealed record SqlStep(string What, string Statement, string? Function = null);

/// <summary>What a table's difference is about: a column's mask or the table's row filter.</summary>
public enum TableDifferenceKind
{
    Mask,
    RowFilter,
}

/// <summary>
/// One way a live table differs from the model, as data: the plan's statements are derived from these fields, the
/// detail text from <see cref="ToString"/> (so rewording the text cannot change what is sent).
/// </summary>
/// <param name="Column">The masked column, or the row filter's input column (null for a filter to remove).</param>
/// <param name="Have">The live function's full name, or null when none is set.</param>
/// <param name="Want">The declared function's full name, or null when it must be removed.</param>
public sealed record TableDifference(TableDifferenceKind Kind, string? Column, string? Have, string? Want)
{
    public override string ToString() => (Kind, Want) switch
    {
        (TableDifferenceKind.Mask, null) => $"mask on {Column}: {Have} → none (no longer classified)",
        (TableDifferenceKind.Mask, _) => $"mask on {Column}: {Have ?? "none"} → {Want}",
        (_, null) => $"row filter: {Have} → none",
        _ => $"row filter: {Have ?? "none"} → {Want} on {Column}",
    };
}

/// <summary>One mask or row-filter function's step (create or replace when missing or different).</summary>
public sealed record FunctionStep(string FullName, string Statement, ChangeAction Action, string Detail);

/// <summary>One contract table's step: the statements that bring it to the contract's masks and row filter, in order.</summary>
public sealed record TableStep(TableName Table, string FullName, ChangeAction Action, string Detail, IReadOnlyList<SqlStep> Statements);

public sealed record TablePlan(string Catalog, string? CreateFunctionSchema, IReadOnlyList<FunctionStep> Functions, IReadOnlyList<TableStep> Tables,
    ColumnMaskModel? Masks, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>
/// The contract tables and their column masks and row filters, through the SQL Statement Execution API on the DDL
/// warehouse: CREATE TABLE IF NOT EXISTS per contract table (TableDdl), CREATE OR REPLACE FUNCTION per mask and filter
/// (AccessSql), ALTER TABLE … SET MASK / SET ROW FILTER. Compared with the tables' column info (columns[].mask,
/// row_filter) and the functions' definitions, so a redeploy sends only what differs; verified by reading the tables back.
/// </summary>
public sealed class LakehouseTableAdapter : WorkspaceAdapter<TablePlan>
{
    public override string Kind => "table";

    public override TablePlan PlanForNewWorkspace(WorkspaceDesired desired)
    {
        if (desired.Access is not { } access)
        {
            return Empty;
        }

        var masks = access.Masks;
        var functions = Functions(access).Select(f => new FunctionStep(f.FullName, f.Statement, ChangeAction.Create, NotDeployedYet)).ToList();
        var tables = access.Contracts.Tables.Select(t => new TableStep(t.Name, access.TableName(t.Name), ChangeAction.Create, NotDeployedYet, CreateStatements(access, t))).ToList();
        return Plan(access.Catalog, AccessSql.CreateSchema(access), functions, tables, masks);
    }

    public override async Task<TablePlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        if (desired.Access is not { } access)
        {
            return Empty;
        }

        var client = live.Client;
        var functions = new ConcurrentBag<FunctionStep>();
        var functionsTask = Parallel.ForEachAsync(Functions(access), live.Parallel(ct), async (function, token) =>
        {
            var found = await client.GetFunctionAsync(function.FullName, token);
            var (action, detail) = found is null ? (ChangeAction.Create, "")
                : Same(found["routine_definition"]?.ToString(), function.Body) ? (ChangeAction.NoChange, "")
                : (ChangeAction.Update, "definition differs from governance.yaml");
            functions.Add(new FunctionStep(function.FullName, function.Statement, action, detail));
        });

        var liveTables = new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(access.Contracts.Layers, live.Parallel(ct), async (layer, token) =>
        {
            foreach (var table in await client.ListTablesAsync(access.Catalog, layer, token))
            {
                liveTables[$"{access.Catalog}.{layer}.{table["name"]}"] = table;
            }
        });
        await functionsTask;

        var tables = access.Contracts.Tables.Select(contract =>
        {
            var fullName = access.TableName(contract.Name);
            return liveTables.TryGetValue(fullName, out var found)
                ? Compare(access, contract, found)
                : new TableStep(contract.Name, fullName, ChangeAction.Create, "", CreateStatements(access, contract));
        }).ToList();
        var schemaNeeded = functions.Any(f => f.Action == ChangeAction.Create) ? AccessSql.CreateSchema(access) : null;
        return Plan(access.Catalog, schemaNeeded, functions.ToList(), tables, access.Masks);
    }

    public override async Task ApplyAsync(TablePlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        var changed = plan.Functions.Where(f => f.Action != ChangeAction.NoChange).ToList();
        var tables = plan.Tables.Where(t => t.Action != ChangeAction.NoChange).ToList();
        if (changed.Count == 0 && tables.Count == 0)
        {
            return;
        }

        if (apply.WarehouseId is not { } warehouse)
        {
            apply.Fail($"tables: {tables.Count} table(s) and {changed.Count} function(s) not written: the SQL warehouse they run on is missing (see the sql-warehouse changes)");
            return;
        }

        var client = apply.Client;
        // Dependency order: the functions' schema, the functions, then each table (created, then its masks and filter).
        if (plan.CreateFunctionSchema is { } schema && !await apply.GuardAsync("function schema", () => client.ExecuteStatementAsync(warehouse, schema, ct: ct)))
        {
            return;
        }

        var failedFunctions = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(changed, apply.Parallel(ct), async (function, token) =>
        {
            if (!await apply.GuardSqlAsync("function " + function.FullName, () => client.ExecuteStatementAsync(warehouse, function.Statement, ct: token)))
            {
                failedFunctions.Add(function.FullName);
            }
        });

        await Parallel.ForEachAsync(tables, apply.Parallel(ct), async (table, token) =>
        {
            foreach (var step in table.Statements)
            {
                if (step.Function is { } function && failedFunctions.Contains(function))
                {
                    apply.Fail($"table {table.FullName}: {step.What} not set, its function failed");
                    continue;
                }

                if (!await apply.GuardSqlAsync($"table {table.FullName}: {step.What}", () => client.ExecuteStatementAsync(warehouse, step.Statement, ct: token)))
                {
                    return; // the later statements depend on this one
                }
            }

            // Verified by reading the column info back: every declared mask and the row filter must show.
            if (await client.GetTableAsync(table.FullName, token) is not { } written)
            {
                apply.Fail($"table {table.FullName}: not found after CREATE TABLE");
            }
            else if (plan.Masks is { } masks && Differences(plan.Catalog, table.Table, masks, written) is { Count: > 0 } left)
            {
                apply.Fail($"table {table.FullName}: still differs after the statements ({string.Join(", ", left)})");
            }
        });
    }

    /// <summary>The mask and row-filter differences of a live table (its columns[].mask and row_filter) from the model.</summary>
    public static List<TableDifference> Differences(string catalog, TableName table, ColumnMaskModel masks, JsonObject live)
    {
        var differences = new List<TableDifference>();
        var columns = (live["columns"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(c => c["name"]?.ToString() ?? "", StringComparer.OrdinalIgnoreCase);
        foreach (var mask in masks.MasksOf(table))
        {
            var want = $"{catalog}.{mask.Function.Schema}.{mask.Function.Name}";
            var have = columns.GetValueOrDefault(mask.Column)?["mask"]?["function_name"]?.ToString();
            if (!string.Equals(have, want, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new TableDifference(TableDifferenceKind.Mask, mask.Column, have, want));
            }
        }

        var functionSchema = masks.MaskFunctions.Select(f => f.Schema).Concat(masks.RowFilterFunctions.Select(f => f.Schema)).FirstOrDefault();
        foreach (var (name, column) in columns)
        {
            if (column["mask"]?["function_name"]?.ToString() is { } function && functionSchema is not null
                && function.StartsWith($"{catalog}.{functionSchema}.", StringComparison.OrdinalIgnoreCase)
                && !masks.MasksOf(table).Any(m => string.Equals(m.Column, name, StringComparison.OrdinalIgnoreCase)))
            {
                differences.Add(new TableDifference(TableDifferenceKind.Mask, name, function, null));
            }
        }

        var filter = masks.RowFilterOf(table);
        var liveFilter = live["row_filter"]?["function_name"]?.ToString();
        var liveColumns = string.Join(",", (live["row_filter"]?["input_column_names"] as JsonArray ?? []).Select(c => c?.ToString()));
        if (filter is not null && (!string.Equals(liveFilter, $"{catalog}.{filter.Function.Schema}.{filter.Function.Name}", StringComparison.OrdinalIgnoreCase) || liveColumns != filter.Column))
        {
            differences.Add(new TableDifference(TableDifferenceKind.RowFilter, filter.Column, liveFilter, $"{catalog}.{filter.Function.Schema}.{filter.Function.Name}"));
        }
        else if (filter is null && liveFilter is not null && functionSchema is not null && liveFilter.StartsWith($"{catalog}.{functionSchema}.", StringComparison.OrdinalIgnoreCase))
        {
            differences.Add(new TableDifference(TableDifferenceKind.RowFilter, null, liveFilter, null));
        }

        return differences;
    }

    internal static TableStep Compare(AccessDesired access, TableContract contract, JsonObject live)
    {
        var fullName = access.TableName(contract.Name);
        var differences = Differences(access.Catalog, contract.Name, access.Masks, live);
        if (differences.Count == 0)
        {
            return new TableStep(contract.Name, fullName, ChangeAction.NoChange, "", []);
        }

        // Only what differs is sent: the masks and filter that are not as declared, in the differences' order (masks to
        // set, masks to drop, then the row filter).
        var statements = new List<SqlStep>();
        foreach (var difference in differences)
        {
            statements.Add((difference.Kind, difference.Want) switch
            {
                (TableDifferenceKind.Mask, null) => new SqlStep("mask removed from " + difference.Column,
                    $"ALTER TABLE {AccessSql.QuoteName(fullName)} ALTER COLUMN {AccessSql.Quote(difference.Column!)} DROP MASK"),
                (TableDifferenceKind.Mask, _) => MaskStep(access, access.Masks.MasksOf(contract.Name).Single(m => m.Column == difference.Column)),
                (_, null) => new SqlStep("row filter removed", $"ALTER TABLE {AccessSql.QuoteName(fullName)} DROP ROW FILTER"),
                _ => FilterStep(access, access.Masks.RowFilterOf(contract.Name)!),
            });
        }

        return new TableStep(contract.Name, fullName, ChangeAction.Update, string.Join("; ", differences), statements);
    }

    private static List<SqlStep> CreateStatements(AccessDesired access, TableContract contract)
    {
        var statements = new List<SqlStep> { new("create", TableDdl.CreateTable(access.Catalog, contract, access.Environment.Recovery)) };
        statements.AddRange(access.Masks.MasksOf(contract.Name).Select(m => MaskStep(access, m)));
        if (access.Masks.RowFilterOf(contract.Name) is { } filter)
        {
            statements.Add(FilterStep(access, filter));
        }

        return statements;
    }

    private static SqlStep MaskStep(AccessDesired access, ColumnMask mask) =>
        new("mask on " + mask.Column, AccessSql.SetMask(access, mask), AccessSql.FunctionName(access, mask.Function.Schema, mask.Function.Name));

    private static SqlStep FilterStep(AccessDesired access, TableRowFilter filter) =>
        new("row filter", AccessSql.SetRowFilter(access, filter), AccessSql.FunctionName(access, filter.Function.Schema, filter.Function.Name));

    private static IEnumerable<(string FullName, string Body, string Statement)> Functions(AccessDesired access) =>
        access.Masks.MaskFunctions.Select(f => (AccessSql.FunctionName(access, f.Schema, f.Name), AccessSql.MaskBody(access, f), AccessSql.CreateMaskFunction(access, f)))
            .Concat(access.Masks.RowFilterFunctions.Select(f => (AccessSql.FunctionName(access, f.Schema, f.Name), AccessSql.FilterBody(access, f), AccessSql.CreateFilterFunction(access, f))));

    private static bool Same(string? live, string desired) =>
        string.Equals(Collapse(live ?? ""), Collapse(desired), StringComparison.Ordinal);

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static readonly TablePlan Empty = new("", null, [], [], null, []);

    private TablePlan Plan(string catalog, string? schema, IReadOnlyList<FunctionStep> functions, IReadOnlyList<TableStep> tables, ColumnMaskModel masks)
    {
        var orderedFunctions = functions.OrderBy(f => f.FullName, StringComparer.Ordinal).ToList();
        return new TablePlan(catalog, schema, orderedFunctions, tables, masks,
            orderedFunctions.Select(f => Change("function " + f.FullName, f.Action, f.Detail))
                .Concat(tables.Select(t => Change(t.FullName, t.Action, t.Detail))).ToList());
    }
}
