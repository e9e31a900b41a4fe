using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Governance;

/// <summary>One table's secured view: every column, with the mask function applied to it (null: read in clear), and its row filter.</summary>
public sealed record SecuredView(TableName Table, string ViewName, IReadOnlyList<(string Column, MaskFunction? Mask)> Columns, TableRowFilter? RowFilter, string Sql);

/// <summary>
/// The column masks and row filters of <see cref="ColumnMaskModel"/> compiled to DuckDB, the offline stand-in for
/// Unity Catalog: each function a macro, each table a view in <see cref="SecuredSchema"/> applying them. Membership
/// (Databricks' <c>is_account_group_member</c>, or the run-as principal) reads the DuckDB variable
/// <see cref="PrincipalsVariable"/>, the principals the session acts as (<see cref="ActAs"/>).
/// </summary>
public static class DuckDbAccessSql
{
    public const string PrincipalsVariable = "projectscout_principals";
    public const string SecuredSchema = "secured";

    /// <summary>The statement making the session act as <paramref name="principals"/> (a user and their groups).</summary>
    public static string ActAs(IEnumerable<string> principals) =>
        $"SET VARIABLE {PrincipalsVariable} = {List(principals)}::VARCHAR[]";

    public static string MacroName(string functionName) => functionName;

    /// <summary>One macro per mask and row-filter function, then one view per contract table.</summary>
    public static (IReadOnlyList<string> Functions, IReadOnlyList<SecuredView> Views) Compile(ColumnMaskModel model, ContractSet contracts, AccessPrincipals principals)
    {
        var functions = new List<string>();
        foreach (var mask in model.MaskFunctions)
        {
            var type = SampleData.DuckDbType(mask.ColumnType);
            var masked = mask.MasksToNull ? $"CAST(NULL AS {type})"
                : mask.Style == MaskStyle.Hash ? "sha256(CAST(v AS VARCHAR))"
                : "'***'";
            functions.Add($"CREATE OR REPLACE MACRO {MacroName(mask.Name)}(v) AS CASE WHEN {Member(principals.Of(mask.ClearReaders))} THEN v ELSE {masked} END");
        }

        foreach (var filter in model.RowFilterFunctions)
        {
            var visible = filter.VisibleValues.Count == 0 ? "FALSE" : $"v IN ({string.Join(", ", filter.VisibleValues.Select(Literal))})";
            functions.Add($"CREATE OR REPLACE MACRO {MacroName(filter.Name)}(v) AS CASE WHEN {Member(principals.Of(filter.AllRowsReaders))} THEN TRUE ELSE {visible} END");
        }

        var views = contracts.Tables.Select(table => View(table, model.MasksOf(table.Name).ToList(), model.RowFilterOf(table.Name))).ToList();
        return (functions, views);
    }

    /// <summary>A table's secured view, with <paramref name="masks"/> applied (a test may pass fewer, to plant a mistake).</summary>
    public static SecuredView View(TableContract table, IReadOnlyList<ColumnMask> masks, TableRowFilter? filter)
    {
        var columns = table.Columns.Select(c => (c.Name, masks.FirstOrDefault(m => m.Column == c.Name)?.Function)).ToList();
        var select = string.Join(", ", columns.Select(c => c.Function is null ? Id(c.Name) : $"{MacroName(c.Function.Name)}({Id(c.Name)}) AS {Id(c.Name)}"));
        var where = filter is null ? "" : $" WHERE {MacroName(filter.Function.Name)}({Id(filter.Column)})";
        var name = ViewName(table.Name);
        var sql = $"CREATE OR REPLACE VIEW {Id(SecuredSchema)}.{Id(name)} AS SELECT {select} FROM {Id(table.Layer)}.{Id(table.Name.Table)}{where}";
        return new SecuredView(table.Name, name, columns, filter, sql);
    }

    public static string ViewName(TableName table) => $"{table.Layer}_{table.Table}";

    public static string Id(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]";

    // No principal mapped: nobody reads in clear (a missing group never widens access).
    private static string Member(IReadOnlyList<string> principals) =>
        principals.Count == 0 ? "FALSE" : $"list_has_any(getvariable('{PrincipalsVariable}'), {List(principals)}::VARCHAR[])";
}
