using System.Globalization;
using DuckDB.NET.Data;
using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// The quality benchmark's baseline: the most direct DuckDB a person would write by hand for one layer's rules, as ONE
/// query (one aggregate per table, cross-joined, plus the anti-joins and counts the relational rules need). It shares no
/// code with the rule compiler: idiomatic DuckDB per rule kind (<c>count(*) - count(c)</c>, <c>FILTER</c>, <c>ANTI JOIN</c>),
/// no portability to Spark. It yields each counting rule's failing rows so the benchmark can check both agree.
/// </summary>
public sealed class HandWrittenQualityQuery
{
    private readonly List<string> _parts = [];
    private readonly List<(string Column, TableName Table, QualityRule Rule)> _counted = [];

    public HandWrittenQualityQuery(IEnumerable<TableContract> tables)
    {
        var index = 0;
        foreach (var table in tables)
        {
            var source = Table(table.Name);
            var select = new List<string> { $"count(*) AS n_{index}" };
            var number = 0;
            foreach (var rule in table.Rules)
            {
                var column = $"r_{index}_{number++}";
                var c = rule.Columns.Count > 0 ? Quote(rule.Column) : "";
                string? aggregate = rule.Kind switch
                {
                    RuleKind.NotNull => $"count(*) - count({c})",
                    RuleKind.Unique when rule.Columns.Count == 1 => $"count({c}) - count(DISTINCT {c})",
                    RuleKind.Unique => $"count(*) FILTER (WHERE {Complete(rule)}) - count(DISTINCT row({string.Join(", ", rule.Columns.Select(Quote))})) FILTER (WHERE {Complete(rule)})",
                    RuleKind.AcceptedValues => $"count(*) FILTER (WHERE {c} NOT IN ({string.Join(", ", rule.Values.Select(Literal))}))",
                    RuleKind.Range => $"count(*) FILTER (WHERE {Outside(c, rule)})",
                    RuleKind.Regex => $"count(*) FILTER (WHERE NOT regexp_matches({c}, {Literal(rule.Pattern!)}))",
                    RuleKind.Freshness => $"max({c})",
                    _ => null,
                };
                if (aggregate is not null)
                {
                    select.Add($"{aggregate} AS {column}");
                    if (rule.Kind != RuleKind.Freshness)
                    {
                        _counted.Add((column, table.Name, rule));
                    }

                    continue;
                }

                switch (rule.Kind)
                {
                    case RuleKind.References:
                        _parts.Add($"(SELECT count(*) AS {column} FROM {source} AS child ANTI JOIN {Table(rule.Other!)} AS parent ON parent.{Quote(rule.OtherColumn!)} = child.{c} WHERE child.{c} IS NOT NULL)");
                        _counted.Add((column, table.Name, rule));
                        break;
                    case RuleKind.Reconcile:
                        _parts.Add($"(SELECT {(rule.OtherColumn is null ? "count(*)" : $"count(DISTINCT {Quote(rule.OtherColumn)})")} AS {column} FROM {Table(rule.Other!)})");
                        break;
                    case RuleKind.RowCount:
                        break; // the table's count(*)
                    default:
                        throw new InvalidOperationException($"no hand-written SQL for {rule.Kind}");
                }
            }

            _parts.Insert(0, $"(SELECT {string.Join(", ", select)} FROM {source})");
            index++;
        }
    }

    public string Sql => "SELECT * FROM " + string.Join(" CROSS JOIN ", _parts);

    /// <summary>Runs the query; returns the failing rows of every counting rule (not_null, unique, accepted values, range, regex, references).</summary>
    public IReadOnlyDictionary<(TableName Table, string Rule), long> Run(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        using var reader = command.ExecuteReader();
        reader.Read();
        return _counted.ToDictionary(c => (c.Table, c.Rule.Id), c => Convert.ToInt64(reader.GetValue(reader.GetOrdinal(c.Column)), CultureInfo.InvariantCulture));
    }

    private static string Table(TableName name) => $"{Quote(name.Layer)}.{Quote(name.Table)}";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Complete(QualityRule rule) => string.Join(" AND ", rule.Columns.Select(k => Quote(k) + " IS NOT NULL"));

    private static string Outside(string c, QualityRule rule) => string.Join(" OR ",
        new[] { rule.Min is { } min ? $"{c} < {min.ToString("R", CultureInfo.InvariantCulture)}" : null, rule.Max is { } max ? $"{c} > {max.ToString("R", CultureInfo.InvariantCulture)}" : null }.OfType<string>());
}
