using System.Globalization;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;

namespace ProjectScout.Toolkit.Governance;

/// <summary>
/// The Databricks SQL of the mask model (<see cref="ColumnMaskModel"/>): one statement per string, each idempotent
/// (CREATE OR REPLACE FUNCTION, ALTER … SET MASK). Clear readers are checked with is_account_group_member (account
/// groups) and the pipeline's service principal by its application id (current_user() of a service principal).
/// </summary>
public static class AccessSql
{
    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public static string QuoteName(string fullName) => string.Join('.', fullName.Split('.').Select(Quote));

    public static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static string FunctionName(AccessDesired access, string schema, string name) => $"{access.Catalog}.{schema}.{name}";

    public static string CreateSchema(AccessDesired access) =>
        $"CREATE SCHEMA IF NOT EXISTS {QuoteName(access.Catalog + "." + access.Governance.FunctionSchema)} COMMENT 'Column masks and row filters generated from templates/governance.yaml'";

    /// <summary>The function body after RETURN: clear for the readers, else the style's mask (NULL for a non-text column).</summary>
    public static string MaskBody(AccessDesired access, MaskFunction function)
    {
        var masked = function.MasksToNull ? $"CAST(NULL AS {function.ColumnType.ToUpperInvariant()})"
            : function.Style == MaskStyle.Hash ? "sha2(value, 256)" : "'***'";
        return $"CASE WHEN {Readers(access, function.ClearReaders)} THEN value ELSE {masked} END";
    }

    public static string CreateMaskFunction(AccessDesired access, MaskFunction function)
    {
        var type = function.ColumnType.ToUpperInvariant();
        return $"CREATE OR REPLACE FUNCTION {QuoteName(FunctionName(access, function.Schema, function.Name))}(value {type}) RETURNS {type} "
               + $"COMMENT 'Mask of {function.Classification} columns (templates/governance.yaml)' RETURN {MaskBody(access, function)}";
    }

    public static string FilterBody(AccessDesired access, RowFilterFunction function)
    {
        var visible = function.VisibleValues.Count == 0 ? "FALSE" : $"value IN ({string.Join(", ", function.VisibleValues.Select(Literal))})";
        return $"{Readers(access, function.AllRowsReaders)} OR {visible}";
    }

    public static string CreateFilterFunction(AccessDesired access, RowFilterFunction function) =>
        $"CREATE OR REPLACE FUNCTION {QuoteName(FunctionName(access, function.Schema, function.Name))}(value {function.ColumnType.ToUpperInvariant()}) RETURNS BOOLEAN "
        + $"COMMENT 'Row filter (templates/governance.yaml)' RETURN {FilterBody(access, function)}";

    public static string SetMask(AccessDesired access, ColumnMask mask) =>
        $"ALTER TABLE {QuoteName(access.TableName(mask.Table))} ALTER COLUMN {Quote(mask.Column)} SET MASK {QuoteName(FunctionName(access, mask.Function.Schema, mask.Function.Name))}";

    public static string SetRowFilter(AccessDesired access, TableRowFilter filter) =>
        $"ALTER TABLE {QuoteName(access.TableName(filter.Table))} SET ROW FILTER {QuoteName(FunctionName(access, filter.Function.Schema, filter.Function.Name))} ON ({Quote(filter.Column)})";

    private static string Readers(AccessDesired access, IReadOnlyList<string> roles)
    {
        var checks = roles.Select(role => role == access.Governance.PipelineRole
            ? $"current_user() = {Literal(access.PrincipalOf(role))}"
            : $"is_account_group_member({Literal(access.PrincipalOf(role))})").ToList();
        return checks.Count == 0 ? "FALSE" : "(" + string.Join(" OR ", checks) + ")";
    }

}
