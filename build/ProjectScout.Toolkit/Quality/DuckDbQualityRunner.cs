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

    /// <summary>
    /// Every query of every plan as ONE statement (the single-row queries cross-joined), so DuckDB schedules all the scans
    /// together instead of one statement after another; each query's columns come back under its own prefix.
    /// </summary>
    public IReadOnlyList<RuleResult> Evaluate(IEnumerable<TableQualityPlan> plans)
    {
        var list = plans.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var select = new List<string>();
        var from = new List<string>();
        for (var p = 0; p < list.Count; p++)
        {
            var plan = list[p];
            for (var q = 0; q < plan.Queries.Count; q++)
            {
                var alias = $"p{p}_q{q}";
                from.Add($"({plan.Queries[q]}) AS {alias}");
                var columns = plan.Rules.Where(r => r.Query == q).SelectMany(r => new[] { r.FailingColumn, r.ObservedColumn });
                if (q == 0)
                {
                    columns = columns.Prepend(TableQualityPlan.TotalRowsColumn);
                }

                select.AddRange(columns.Distinct(StringComparer.Ordinal).Select(c => $"{alias}.{c} AS {alias}_{c}"));
            }
        }

        var row = ReadRow(Connection, "SELECT " + string.Join(", ", select) + " FROM " + string.Join(" CROSS JOIN ", from));
        return list.SelectMany((plan, p) =>
        {
            var total = Convert.ToInt64(row[$"p{p}_q0_{TableQualityPlan.TotalRowsColumn}"] ?? 0L);
            return plan.Rules.Select(compiled =>
            {
                var prefix = $"p{p}_q{compiled.Query}_";
                var failing = row[prefix + compiled.FailingColumn] is { } f ? Convert.ToInt64(f) : 0L;
                double? observed = row[prefix + compiled.ObservedColumn] is { } o ? Convert.ToDouble(o) : null;
                return new RuleResult(plan.Contract.Name, compiled.Rule, failing == 0, failing, total, observed);
            });
        }).ToList();
    }

    public IReadOnlyList<RuleResult> Evaluate(TableQualityPlan plan) => Evaluate([plan]);

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
