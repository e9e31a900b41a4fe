using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Quality;

/// <summary>One compiled rule: where its failing-row count and observed value come from.</summary>
/// <param name="Query">Index into <see cref="TableQualityPlan.Queries"/>: 0 is the table's single aggregate pass.</param>
public sealed record CompiledRule(QualityRule Rule, int Query, string FailingColumn, string ObservedColumn);

/// <summary>
/// All rules of one table compiled to SQL: ONE aggregate query over the table evaluates every column-level rule
/// (not_null, unique, accepted_values, range, regex, row_count, freshness) in a single scan; referential integrity
/// and reconciliation need their own small queries (an anti-join, a count of the other layer).
/// Every query returns exactly one row.
/// </summary>
public sealed record TableQualityPlan(TableContract Contract, IReadOnlyList<string> Queries, IReadOnlyList<CompiledRule> Rules)
{
    public const string TotalRowsColumn = "total_rows";

    public string AggregateSql => Queries[0];
}

public static class QualityCompiler
{
    /// <summary>The smallest reconcile tolerance that may use an approximate distinct count (both engines' error is well below it).</summary>
    public const double ApproximateDistinctTolerance = 0.05;

    public static IReadOnlyList<TableQualityPlan> Compile(ContractSet contracts, SqlDialect dialect) =>
        contracts.Tables.Select(t => Compile(t, dialect)).ToList();

    public static TableQualityPlan Compile(TableContract table, SqlDialect d)
    {
        var select = new List<string> { $"COUNT(*) AS {TableQualityPlan.TotalRowsColumn}" };
        var queries = new List<string> { "" };
        var compiled = new List<CompiledRule>();
        var source = d.Table(table.Name);
        for (var i = 0; i < table.Rules.Count; i++)
        {
            var rule = table.Rules[i];
            var failing = $"f_{i}";
            var observed = $"o_{i}";
            var c = rule.Columns.Count > 0 ? d.Identifier(rule.Column) : "";
            string Count(string condition) => d.CountWhere(condition);
            void Aggregate(string failingSql, string observedSql)
            {
                select.Add($"CAST({failingSql} AS BIGINT) AS {failing}");
                if (observedSql == failingSql)
                {
                    // Counting rules observe their failing-row count: compute it once.
                    compiled.Add(new CompiledRule(rule, 0, failing, failing));
                    return;
                }

                select.Add($"CAST({observedSql} AS DOUBLE) AS {observed}");
                compiled.Add(new CompiledRule(rule, 0, failing, observed));
            }

            void Separate(string sql)
            {
                queries.Add(sql);
                compiled.Add(new CompiledRule(rule, queries.Count - 1, failing, observed));
            }

            switch (rule.Kind)
            {
                case RuleKind.NotNull:
                    Aggregate(d.CountNulls(c), d.CountNulls(c));
                    break;
                case RuleKind.Unique:
                {
                    // Rows whose complete key repeats an earlier row's key; rows with a null key part are not_null's business.
                    var duplicates = d.DuplicateKeys(rule.Columns.Select(d.Identifier).ToList());
                    Aggregate(duplicates, duplicates);
                    break;
                }

                case RuleKind.AcceptedValues:
                {
                    var bad = Count($"{c} IS NOT NULL AND {c} NOT IN ({string.Join(", ", rule.Values.Select(d.String))})");
                    Aggregate(bad, bad);
                    break;
                }

                case RuleKind.Range:
                {
                    var outside = new List<string>();
                    if (rule.Min is not null)
                    {
                        outside.Add($"{c} < {d.Number(rule.Min.Value)}");
                    }

                    if (rule.Max is not null)
                    {
                        outside.Add($"{c} > {d.Number(rule.Max.Value)}");
                    }

                    var bad = Count(string.Join(" OR ", outside));
                    Aggregate(bad, bad);
                    break;
                }

                case RuleKind.Regex:
                {
                    var bad = Count($"{c} IS NOT NULL AND NOT ({d.Matches(c, rule.Pattern!)})");
                    Aggregate(bad, bad);
                    break;
                }

                case RuleKind.RowCount:
                {
                    var outside = new List<string>();
                    if (rule.Min is not null)
                    {
                        outside.Add($"COUNT(*) < {d.Number(rule.Min.Value)}");
                    }

                    if (rule.Max is not null)
                    {
                        outside.Add($"COUNT(*) > {d.Number(rule.Max.Value)}");
                    }

                    Aggregate($"CASE WHEN {string.Join(" OR ", outside)} THEN 1 ELSE 0 END", "COUNT(*)");
                    break;
                }

                case RuleKind.Freshness:
                {
                    var age = $"(({d.EpochSeconds(d.Now)} - {d.EpochSeconds($"MAX({c})")}) / 3600.0)";
                    Aggregate($"CASE WHEN MAX({c}) IS NULL OR {age} > {d.Number(rule.MaxAgeHours!.Value)} THEN 1 ELSE 0 END", age);
                    break;
                }

                case RuleKind.References:
                {
                    var parent = d.Table(rule.Other!);
                    var orphans = $"SELECT CAST(COUNT(*) AS BIGINT) AS {failing}, CAST(COUNT(*) AS DOUBLE) AS {observed} FROM {source} AS child " +
                        $"WHERE child.{c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} AS parent WHERE parent.{d.Identifier(rule.OtherColumn!)} = child.{c})";
                    Separate(orphans);
                    break;
                }

                case RuleKind.Reconcile:
                {
                    // An approximate distinct count (HyperLogLog, a few % error) only where the rule's tolerance absorbs it.
                    var otherCount = rule.OtherColumn is null ? "COUNT(*)"
                        : rule.Tolerance >= ApproximateDistinctTolerance ? $"APPROX_COUNT_DISTINCT({d.Identifier(rule.OtherColumn)})"
                        : $"COUNT(DISTINCT {d.Identifier(rule.OtherColumn)})";
                    var sql = $"SELECT CAST(CASE WHEN ABS(this.n - other.n) > {d.Number(rule.Tolerance)} * other.n THEN 1 ELSE 0 END AS BIGINT) AS {failing}, " +
                        $"CAST(this.n - other.n AS DOUBLE) AS {observed} " +
                        $"FROM (SELECT COUNT(*) AS n FROM {source}) AS this CROSS JOIN (SELECT {otherCount} AS n FROM {d.Table(rule.Other!)}) AS other";
                    Separate(sql);
                    break;
                }

                default:
                    throw new InvalidOperationException($"rule kind {rule.Kind} has no SQL");
            }
        }

        queries[0] = "SELECT " + string.Join(", ", select) + " FROM " + source;
        return new TableQualityPlan(table, queries, compiled);
    }
}

/// <summary>The outcome of one rule on one table.</summary>
public sealed record RuleResult(TableName Table, QualityRule Rule, bool Passed, long FailingRows, long TotalRows, double? Observed);
