using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Governance;

namespace ProjectScout.Toolkit.Lakehouse;

/// <summary>
/// The CREATE TABLE statement of a contract table, in one place: its columns and types from the contract, Delta, the
/// contract's description. Idempotent (IF NOT EXISTS): an existing table is left as it is (masks and filters are
/// attached afterwards by ALTER TABLE). Table properties and clustering are added here too, when declared.
/// </summary>
public static class TableDdl
{
    public static string CreateTable(string catalog, TableContract table)
    {
        var columns = table.Columns.Select(c => $"{AccessSql.Quote(c.Name)} {c.Type.ToUpperInvariant()}{(c.Nullable ? "" : " NOT NULL")}");
        return $"CREATE TABLE IF NOT EXISTS {AccessSql.QuoteName($"{catalog}.{table.Name.Layer}.{table.Name.Table}")} ({string.Join(", ", columns)}) "
               + $"USING DELTA COMMENT {AccessSql.Literal(table.Description)}";
    }
}
