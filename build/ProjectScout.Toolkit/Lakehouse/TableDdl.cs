using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Lakehouse;

/// <summary>
/// The CREATE TABLE statement of a contract table, in one place: its columns and types from the contract, Delta, the
/// contract's description, and the layout and retention clauses the notebooks use too (<see cref="TableLayoutClauses"/>:
/// CLUSTER BY / PARTITIONED BY from the contract's layout, the retention TBLPROPERTIES from recovery.timeTravelDays).
/// Idempotent (IF NOT EXISTS): an existing table is left as it is (masks and filters are attached afterwards by ALTER TABLE).
/// </summary>
public static class TableDdl
{
    public static string CreateTable(string catalog, TableContract table, RecoverySettings recovery)
    {
        var clauses = new TableLayoutClauses(SqlDialect.Spark(catalog), recovery);
        var columns = table.Columns.Select(c => $"{AccessSql.Quote(c.Name)} {c.Type.ToUpperInvariant()}{(c.Nullable ? "" : " NOT NULL")}");
        return string.Join(" ", new[]
        {
            $"CREATE TABLE IF NOT EXISTS {AccessSql.QuoteName($"{catalog}.{table.Name.Layer}.{table.Name.Table}")} ({string.Join(", ", columns)}) USING DELTA",
            clauses.Layout(table.Layout),
            $"COMMENT {AccessSql.Literal(table.Description)}",
            clauses.TblProperties,
        }.Where(p => p.Length > 0));
    }
}
