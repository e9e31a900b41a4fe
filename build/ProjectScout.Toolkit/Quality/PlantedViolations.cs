using DuckDB.NET.Data;
using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Quality;

/// <summary>One planted violation: what was changed, the rule it targets, and every rule that failed because of it.</summary>
public sealed record PlantedViolation(RuleKind Kind, string Category, TableName Table, string TargetRule, string Change, IReadOnlyList<string> FailedRules)
{
    /// <summary>True when exactly the targeted rule, and no other, failed.</summary>
    public bool CaughtExactly => FailedRules.Count == 1 && FailedRules[0] == $"{Table}.{TargetRule}";
}

/// <summary>
/// For each rule kind, changes clean data (loaded as DuckDB tables) so one rule must fail, evaluates every rule of
/// every table, and rolls the change back. Tries each rule of the kind and a few edits until one breaks exactly
/// that rule; a kind that cannot be broken alone is reported with the rules that failed instead.
/// </summary>
public static class PlantedViolations
{
    public static IReadOnlyList<PlantedViolation> Run(DuckDbQualityRunner runner, ContractSet contracts, IReadOnlyList<TableQualityPlan> plans)
    {
        var results = new List<PlantedViolation>();
        foreach (var (kind, category, applies) in Categories())
        {
            PlantedViolation? best = null;
            foreach (var table in contracts.Tables)
            {
                foreach (var rule in table.Rules.Where(r => r.Kind == kind && applies(r)))
                {
                    foreach (var (change, statements) in Edits(table, rule))
                    {
                        var failed = WithRollback(runner.Connection, statements, () => runner.Evaluate(plans)
                            .Where(r => !r.Passed).Select(r => $"{r.Table}.{r.Rule.Id}").Order(StringComparer.Ordinal).ToList());
                        var candidate = new PlantedViolation(kind, category, table.Name, rule.Id, change, failed);
                        if (candidate.CaughtExactly)
                        {
                            best = candidate;
                            goto next;
                        }

                        best ??= candidate;
                    }
                }
            }

            next:
            results.Add(best ?? new PlantedViolation(kind, category, new TableName("-", "-"), "-", "no contract declares a rule of this kind", []));
        }

        return results;
    }

    /// <summary>Every rule kind, with unique split into single-column and composite keys (they compile differently).</summary>
    private static IEnumerable<(RuleKind Kind, string Category, Func<QualityRule, bool> Applies)> Categories()
    {
        foreach (var kind in Enum.GetValues<RuleKind>())
        {
            if (kind == RuleKind.Unique)
            {
                yield return (kind, "unique", r => r.Columns.Count == 1);
                yield return (kind, "unique (composite)", r => r.Columns.Count > 1);
            }
            else
            {
                yield return (kind, System.Text.RegularExpressions.Regex.Replace(kind.ToString(), "(?<=[a-z])(?=[A-Z])", "_").ToLowerInvariant(), _ => true);
            }
        }
    }

    private static T WithRollback<T>(DuckDBConnection connection, IEnumerable<string> statements, Func<T> evaluate)
    {
        DuckDbQualityRunner.Execute(connection, "BEGIN TRANSACTION");
        try
        {
            foreach (var statement in statements)
            {
                DuckDbQualityRunner.Execute(connection, statement);
            }

            return evaluate();
        }
        finally
        {
            DuckDbQualityRunner.Execute(connection, "ROLLBACK");
        }
    }

    private static IEnumerable<(string Change, string[] Statements)> Edits(TableContract table, QualityRule rule)
    {
        var t = $"\"{table.Layer}\".\"{table.Name.Table}\"";
        var c = rule.Columns.Count > 0 ? $"\"{rule.Column}\"" : "";
        const string First = "rowid = (SELECT MIN(rowid) FROM {0})";
        var first = string.Format(System.Globalization.CultureInfo.InvariantCulture, First, t);
        switch (rule.Kind)
        {
            case RuleKind.NotNull:
                yield return ($"set {rule.Column} to NULL in one row", [$"UPDATE {t} SET {c} = NULL WHERE {first}"]);
                break;
            case RuleKind.Unique:
            {
                var assignments = string.Join(", ", rule.Columns.Select(k => $"\"{k}\" = last.\"{k}\""));
                var keys = string.Join(", ", rule.Columns.Select(k => $"\"{k}\""));
                yield return ($"copy the key ({string.Join(", ", rule.Columns)}) of the last row onto the first",
                    [$"UPDATE {t} SET {assignments} FROM (SELECT {keys} FROM {t} WHERE rowid = (SELECT MAX(rowid) FROM {t})) AS last WHERE {t}.{first}"]);
                yield return ("duplicate one row", [$"INSERT INTO {t} SELECT * FROM {t} WHERE {first}"]);
                break;
            }

            case RuleKind.AcceptedValues:
                yield return ($"set {rule.Column} to 'zz_not_accepted' in one row", [$"UPDATE {t} SET {c} = 'zz_not_accepted' WHERE {first}"]);
                break;
            case RuleKind.Range:
            {
                var value = rule.Max is not null ? rule.Max.Value + 1 : rule.Min!.Value - 1;
                yield return ($"set {rule.Column} to {value} in one row", [$"UPDATE {t} SET {c} = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} WHERE {first}"]);
                break;
            }

            case RuleKind.Regex:
                yield return ($"set {rule.Column} to 'does not match' in one row", [$"UPDATE {t} SET {c} = 'does not match' WHERE {first}"]);
                break;
            case RuleKind.RowCount:
                if (rule.Min is > 0)
                {
                    yield return ("delete every row", [$"DELETE FROM {t}"]);
                }

                break;
            case RuleKind.Freshness:
            {
                var hours = (long)(rule.MaxAgeHours!.Value * 2) + 24;
                yield return ($"age {rule.Column} by {hours} hours in every row", [$"UPDATE {t} SET {c} = {c} - to_hours({hours})"]);
                break;
            }

            case RuleKind.References:
                yield return ($"point {rule.Column} of one row at a missing parent", [$"UPDATE {t} SET {c} = {c} || '_orphan' WHERE {first}"]);
                break;
            case RuleKind.Reconcile:
            {
                // A copy of one row under a fresh key: the key stays unique and well-formed, only the count moves.
                var fresh = string.Join(", ", table.Keys.Select(k => table.Column(k)?.Type == "string"
                    ? $"regexp_replace(\"{k}\", '[0-9]+', '999999999', 'g') AS \"{k}\""
                    : $"\"{k}\" + 999999999 AS \"{k}\""));
                yield return ("add one row under a fresh key", [$"INSERT INTO {t} SELECT * REPLACE ({fresh}) FROM {t} WHERE {first}"]);
                yield return ("delete one row", [$"DELETE FROM {t} WHERE {first}"]);
                break;
            }
        }
    }
}
