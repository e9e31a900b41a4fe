using System.Globalization;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Lakehouse;

/// <summary>
/// The storage clauses of a contract table, computed once from its declarations and used by every piece of DDL (the
/// notebooks' table creation, the deploy-time table DDL, the maintenance job): the retention TBLPROPERTIES from the
/// environment's <c>recovery.timeTravelDays</c>, and CLUSTER BY / PARTITIONED BY from the contract's <c>layout:</c>.
/// </summary>
public sealed class TableLayoutClauses(SqlDialect sql, RecoverySettings recovery)
{
    public const string DeletedFileRetention = "delta.deletedFileRetentionDuration";
    public const string LogRetention = "delta.logRetentionDuration";

    /// <summary>The retention properties every table carries, in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties =>
    [
        new(DeletedFileRetention, Interval(recovery.TimeTravelDays)),
        new(LogRetention, Interval(recovery.LogRetentionDays)),
    ];

    /// <summary><c>TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 7 days', …)</c>.</summary>
    public string TblProperties => "TBLPROPERTIES (" + PropertyList + ")";

    /// <summary>The VACUUM RETAIN of the maintenance job: the time-travel window, in hours.</summary>
    public int VacuumRetainHours => recovery.TimeTravelDays * 24;

    /// <summary><c>CLUSTER BY (…)</c>, <c>PARTITIONED BY (…)</c> or empty, for CREATE TABLE.</summary>
    public string Layout(TableLayout layout) =>
        layout.IsClustered ? $"CLUSTER BY ({Columns(layout.ClusterBy)})"
        : layout.IsPartitioned ? $"PARTITIONED BY ({Columns(layout.PartitionBy)})"
        : "";

    /// <summary>CREATE TABLE IF NOT EXISTS with the contract's columns, layout and retention.</summary>
    public string CreateTable(TableContract table, string ddlColumns) =>
        string.Join(" ", new[] { $"CREATE TABLE IF NOT EXISTS {sql.Table(table.Name)} ({ddlColumns}) USING DELTA", Layout(table.Layout), TblProperties }.Where(p => p.Length > 0));

    /// <summary>
    /// The statements that bring an existing table to its declaration (CREATE … IF NOT EXISTS leaves an existing table as
    /// it is): the retention properties and, for a clustered table, its clustering columns. Both are idempotent.
    /// </summary>
    public IReadOnlyList<string> Conform(TableContract table)
    {
        var statements = new List<string> { $"ALTER TABLE {sql.Table(table.Name)} SET {TblProperties}" };
        if (table.Layout.IsClustered)
        {
            statements.Add($"ALTER TABLE {sql.Table(table.Name)} CLUSTER BY ({Columns(table.Layout.ClusterBy)})");
        }

        return statements;
    }

    /// <summary>Compaction: OPTIMIZE alone. A clustered table is laid out by its clustering keys (ZORDER is refused on it), and Z-ordering on a hash key skips nothing.</summary>
    public string Optimize(TableContract table) => $"OPTIMIZE {sql.Table(table.Name)}";

    /// <summary>VACUUM keeping the time-travel window of removed files.</summary>
    public string Vacuum(TableContract table) => $"VACUUM {sql.Table(table.Name)} RETAIN {VacuumRetainHours.ToString(CultureInfo.InvariantCulture)} HOURS";

    private string PropertyList => string.Join(", ", Properties.Select(p => $"{sql.String(p.Key)} = {sql.String(p.Value)}"));

    private string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(sql.Identifier));

    private static string Interval(int days) => $"interval {days.ToString(CultureInfo.InvariantCulture)} days";
}
