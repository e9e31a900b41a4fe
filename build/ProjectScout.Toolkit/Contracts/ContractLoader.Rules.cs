using System.Text.RegularExpressions;
using ProjectScout.Model.Contracts;

namespace ProjectScout.Toolkit.Contracts;

/// <summary>A contract's explicit <c>rules:</c> entries: kind, severity, pattern and reference parsing.</summary>
public sealed partial class ContractLoader
{
    private static QualityRule? ExplicitRule(RuleDocument r, string p, Action<string, string, string> add, int line)
    {
        var severity = ParseSeverity(r.Severity, p + ".severity", add);
        var columns = r.Columns.Count > 0 ? r.Columns : r.Column is null ? [] : [r.Column];
        QualityRule Make(RuleKind kind, string id) => new()
        {
            Id = r.Id ?? id,
            Kind = kind,
            Severity = severity,
            Columns = columns,
            Values = r.Values,
            Min = r.Min,
            Max = r.Max,
            Pattern = r.Pattern,
            MaxAgeHours = r.MaxAgeHours,
            Tolerance = r.Tolerance,
            Line = line,
        };

        string Cols() => string.Join("_", columns);
        bool NeedColumns(int count)
        {
            if (columns.Count == 0 || (count == 1 && columns.Count != 1))
            {
                add(p + ".kind", "contract.rule-columns", count == 1 ? $"a {r.Kind} rule needs exactly one column (column: name)" : $"a {r.Kind} rule needs columns: [...]");
                return false;
            }

            return true;
        }

        switch (r.Kind)
        {
            case "not_null":
                return NeedColumns(1) ? Make(RuleKind.NotNull, "not_null_" + Cols()) : null;
            case "unique":
                return NeedColumns(2) ? Make(RuleKind.Unique, "unique_" + Cols()) : null;
            case "accepted_values":
                if (r.Values.Count == 0)
                {
                    add(p + ".kind", "contract.rule-values", "an accepted_values rule needs values: [...]");
                }

                return NeedColumns(1) ? Make(RuleKind.AcceptedValues, "accepted_values_" + Cols()) : null;
            case "range":
            case "row_count":
                if (r.Min is null && r.Max is null)
                {
                    add(p + ".kind", "contract.rule-range", $"a {r.Kind} rule needs min and/or max");
                }
                else if (r.Min > r.Max)
                {
                    add(p + ".min", "contract.range", $"min {r.Min} is greater than max {r.Max}");
                }

                if (r.Kind == "row_count")
                {
                    return Make(RuleKind.RowCount, "row_count");
                }

                return NeedColumns(1) ? Make(RuleKind.Range, "range_" + Cols()) : null;
            case "regex":
                if (r.Pattern is null)
                {
                    add(p + ".kind", "contract.rule-pattern", "a regex rule needs pattern: '^...$'");
                    return null;
                }

                CheckPattern(r.Pattern, p + ".pattern", add);
                return NeedColumns(1) ? Make(RuleKind.Regex, "regex_" + Cols()) : null;
            case "freshness":
                if (r.MaxAgeHours is not > 0)
                {
                    add(p + ".kind", "contract.rule-freshness", "a freshness rule needs maxAgeHours > 0");
                }

                return NeedColumns(1) ? Make(RuleKind.Freshness, "freshness_" + Cols()) : null;
            case "reconcile":
                var against = r.Against is null ? null : TableName.TryParse(r.Against);
                if (against is null)
                {
                    add(p + ".against", "contract.rule-against", "a reconcile rule needs against: <layer>.<table>");
                    return null;
                }

                if (r.Tolerance is < 0 or >= 1)
                {
                    add(p + ".tolerance", "contract.rule-tolerance", "tolerance is a fraction in [0, 1)");
                }

                return Make(RuleKind.Reconcile, "reconcile_" + against.Layer + "_" + against.Table) with { Other = against, OtherColumn = r.AgainstDistinct };
            default:
                add(p + ".kind", "contract.rule-kind", $"unknown rule kind '{r.Kind}'; use not_null, unique, accepted_values, range, regex, row_count, freshness or reconcile (references are declared on the column)");
                return null;
        }
    }

    private static RuleSeverity ParseSeverity(string? text, string path, Action<string, string, string> add)
    {
        switch (text)
        {
            case null or "error":
                return RuleSeverity.Error;
            case "warn":
                return RuleSeverity.Warn;
            default:
                add(path, "contract.severity", $"severity '{text}' must be error or warn");
                return RuleSeverity.Error;
        }
    }

    private static void CheckPattern(string pattern, string path, Action<string, string, string> add)
    {
        // Spark (rlike) and DuckDB (regexp_matches) both search anywhere in the value; anchors make the rule mean "whole value".
        if (!pattern.StartsWith('^') || !pattern.EndsWith('$'))
        {
            add(path, "contract.pattern-anchor", $"pattern '{pattern}' must be anchored with ^...$ so Spark and DuckDB agree");
        }

        if (pattern.Contains('\''))
        {
            add(path, "contract.pattern-quote", "a pattern may not contain a single quote");
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            add(path, "contract.pattern", $"pattern does not parse: {ex.Message}");
        }
    }

    private static (TableName Table, string Column)? ParseReference(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0) ? (new TableName(parts[0], parts[1]), parts[2]) : null;
    }
}
