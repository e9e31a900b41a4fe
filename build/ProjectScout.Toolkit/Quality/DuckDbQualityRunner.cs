using System.Data.Common;
using DuckDB.NET.Data;
using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Quality;

/// <summary>Evaluates compiled quality plans on DuckDB: the local stand-in for the Spark quality notebooks.</summary>
public sealed class DuckDbQualityRunner(DuckDBConnection connection)
{
    public DuckDBConnection Connection { get; } = connection;

    public static DuckDBConnection Open(int? threads = null)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        if (threads is not null)
        {
            Execute(connection, $"SET threads TO {threads.Value}");
        }

        return connection;
    }

    /// <summary>Makes layer.table resolve to the Parquet file folder/layer/table.parquet (a view, or a loaded table that plantings may change).</summary>
    public void Register(ContractSet contracts, string folder, bool load)
    {
        foreach (var table in contracts.Tables)
        {
            var path = SampleData.PathOf(folder, table.Name).Replace("'", "''", StringComparison.Ordinal);
            Execute(Connection, $"CREATE SCHEMA IF NOT EXISTS \"{table.Layer}\"");
            Execute(Connection, load
                ? $"CREATE OR REPLACE TABLE \"{table.Layer}\".\"{table.Name.Table}\" AS SELECT * FROM read_parquet('{path}')"
                : $"CREATE OR REPLACE VIEW \"{table.Layer}\".\"{table.Name.Table}\" AS SELECT * FROM read_parquet('{path}')");
        }
    }

    public IReadOnlyList<RuleResult> Evaluate(IEnumerable<TableQualityPlan> plans) => plans.SelectMany(Evaluate).ToList();

    public IReadOnlyList<RuleResult> Evaluate(TableQualityPlan plan)
    {
        var rows = plan.Queries.Select(sql => ReadRow(Connection, sql)).ToList();
        var total = Convert.ToInt64(rows[0][TableQualityPlan.TotalRowsColumn] ?? 0L);
        return plan.Rules.Select(compiled =>
        {
            var row = rows[compiled.Query];
            var failing = row[compiled.FailingColumn] is { } f ? Convert.ToInt64(f) : 0L;
            double? observed = row[compiled.ObservedColumn] is { } o ? Convert.ToDouble(o) : null;
            return new RuleResult(plan.Contract.Name, compiled.Rule, failing == 0, failing, total, observed);
        }).ToList();
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Dictionary<string, object?> ReadRow(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException("a quality query returned no row: " + sql);
        }

        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }
}
