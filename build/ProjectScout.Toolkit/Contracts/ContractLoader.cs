using System.Globalization;
using System.Text.RegularExpressions;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using YamlDotNet.Core;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization;

namespace ProjectScout.Toolkit.Contracts;

/// <summary>
/// Loads templates/contracts/&lt;layer&gt;/&lt;table&gt;.yaml and checks every declaration against the columns it names,
/// reporting each problem at its file and line. Column attributes become rules: nullable:false → not_null,
/// values → accepted_values, min/max → range, pattern → regex, references → referential integrity, keys → unique.
/// <paramref name="layers"/> are the declared layers in pipeline order (templates/lakehouse.yaml).
/// </summary>
public sealed partial class ContractLoader(string directory, IReadOnlyList<string> layers, Func<string, string>? displayPath = null)
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "string", "int", "bigint", "double", "boolean", "timestamp", "date", "array<string>",
    };

    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "int", "bigint", "double" };

    private readonly Func<string, string> _display = displayPath ?? (p => p);

    public ContractSet Load()
    {
        var (set, problems) = TryLoad();
        ProblemsException.ThrowIfAny(problems);
        return set;
    }

    public IEnumerable<string> Files() => Directory.Exists(directory)
        ? Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        : [];

    public (ContractSet Set, IReadOnlyList<Problem> Problems) TryLoad()
    {
        var problems = new List<Problem>();
        var loaded = new List<(TableContract Contract, YamlLocations Locations)>();
        foreach (var file in Files())
        {
            var contract = LoadFile(file, problems, out var locations);
            if (contract is not null)
            {
                loaded.Add((contract, locations!));
            }
        }

        if (loaded.Count == 0 && problems.Count == 0)
        {
            problems.Add(new Problem(_display(directory), 0, 0, "contract.none", "no table contracts found; add templates/contracts/<layer>/<table>.yaml"));
        }

        foreach (var group in loaded.GroupBy(l => l.Contract.Name).Where(g => g.Count() > 1))
        {
            foreach (var (contract, _) in group.Skip(1))
            {
                problems.Add(new Problem(contract.SourceFile, 1, 1, "contract.duplicate", $"table {group.Key} is declared twice (also in {group.First().Contract.SourceFile})"));
            }
        }

        var set = new ContractSet(loaded.Select(l => l.Contract).ToList(), layers);
        foreach (var (contract, _) in loaded)
        {
            CrossCheck(contract, set, problems);
        }

        return (set, problems);
    }

    private TableContract? LoadFile(string path, List<Problem> problems, out YamlLocations? locations)
    {
        var shown = _display(path);
        var read = YamlFile.Read<ContractDocument>(path, shown, "contract", Deserializer, message =>
            message.Contains("not found on type", StringComparison.Ordinal)
                ? $"unknown contract field '{message.Split('\'').Skip(1).FirstOrDefault()}' (see docs/data-quality.md for the contract format)"
                : message);
        locations = read.Locations;
        if (read.Problem is { } stop)
        {
            problems.Add(stop);
            return null;
        }

        var document = read.Document;
        if (document is null)
        {
            problems.Add(new Problem(shown, 1, 1, "contract.empty", "the contract file is empty"));
            return null;
        }

        var at = locations!;
        void Add(string yamlPath, string code, string message)
        {
            var (line, column) = at.Of(yamlPath);
            problems.Add(new Problem(shown, line, column, code, message));
        }

        int LineOf(string yamlPath) => at.Of(yamlPath).Line;

        if (!layers.Contains(document.Layer))
        {
            Add("layer", "contract.layer", $"layer '{document.Layer}' is not declared in templates/lakehouse.yaml; use one of {string.Join(", ", layers)}");
        }

        if (!IdentifierPattern().IsMatch(document.Table))
        {
            Add("table", "contract.table", $"table name '{document.Table}' must be lowercase snake_case");
        }

        var expectedPath = Path.Combine(document.Layer, document.Table + ".yaml").Replace('\\', '/');
        if (!path.Replace('\\', '/').EndsWith("/" + expectedPath, StringComparison.Ordinal))
        {
            Add("table", "contract.file-name", $"the contract of {document.Layer}.{document.Table} must live in templates/contracts/{expectedPath}");
        }

        var columns = new List<ColumnContract>();
        var rules = new List<QualityRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Columns.Count; i++)
        {
            var c = document.Columns[i];
            var p = $"columns[{i}]";
            if (!IdentifierPattern().IsMatch(c.Name))
            {
                Add(p + ".name", "contract.column-name", $"column name '{c.Name}' must be lowercase snake_case");
            }
            else if (!names.Add(c.Name))
            {
                Add(p + ".name", "contract.column-duplicate", $"column '{c.Name}' is declared twice");
            }

            if (!Types.Contains(c.Type))
            {
                Add(p + ".type", "contract.column-type", $"type '{c.Type}' of column '{c.Name}' is not one of {string.Join(", ", Types.Order(StringComparer.Ordinal))}");
            }

            var severity = ParseSeverity(c.Severity, p + ".severity", Add);
            if ((c.Min is not null || c.Max is not null) && !Numeric.Contains(c.Type))
            {
                Add(p + ".min", "contract.range-type", $"min/max need a numeric column; '{c.Name}' is {c.Type}");
            }

            if (c.Min is not null && c.Max is not null && c.Min > c.Max)
            {
                Add(p + ".min", "contract.range", $"min {c.Min} is greater than max {c.Max}");
            }

            if (c.Pattern is not null)
            {
                CheckPattern(c.Pattern, p + ".pattern", Add);
            }

            var line = LineOf(p);
            columns.Add(new ColumnContract(c.Name, c.Type, c.Nullable, c.Values, c.Min, c.Max, c.Pattern, c.Sample, line) { Classification = c.Classification });
            if (!c.Nullable)
            {
                rules.Add(new QualityRule { Id = "not_null_" + c.Name, Kind = RuleKind.NotNull, Severity = severity, Columns = [c.Name], Line = LineOf(p + ".nullable") });
            }

            if (c.Values.Count > 0)
            {
                rules.Add(new QualityRule { Id = "accepted_values_" + c.Name, Kind = RuleKind.AcceptedValues, Severity = severity, Columns = [c.Name], Values = c.Values, Line = LineOf(p + ".values") });
            }

            if (c.Min is not null || c.Max is not null)
            {
                rules.Add(new QualityRule { Id = "range_" + c.Name, Kind = RuleKind.Range, Severity = severity, Columns = [c.Name], Min = c.Min, Max = c.Max, Line = LineOf(c.Min is not null ? p + ".min" : p + ".max") });
            }

            if (c.Pattern is not null)
            {
                rules.Add(new QualityRule { Id = "regex_" + c.Name, Kind = RuleKind.Regex, Severity = severity, Columns = [c.Name], Pattern = c.Pattern, Line = LineOf(p + ".pattern") });
            }

            if (c.References is not null)
            {
                var reference = ParseReference(c.References);
                if (reference is null)
                {
                    Add(p + ".references", "contract.references", $"references '{c.References}' must be <layer>.<table>.<column>");
                }
                else
                {
                    rules.Add(new QualityRule { Id = "references_" + c.Name, Kind = RuleKind.References, Severity = severity, Columns = [c.Name], Other = reference.Value.Table, OtherColumn = reference.Value.Column, Line = LineOf(p + ".references") });
                }
            }
        }

        if (document.Keys.Count > 0)
        {
            rules.Add(new QualityRule { Id = "unique_" + string.Join("_", document.Keys), Kind = RuleKind.Unique, Severity = RuleSeverity.Error, Columns = document.Keys, Line = LineOf("keys") });
        }
        else
        {
            Add("keys", "contract.keys", "declare the table's key columns (keys: [...]); MERGE and the uniqueness rule use them");
        }

        for (var i = 0; i < document.Rules.Count; i++)
        {
            var r = document.Rules[i];
            var p = $"rules[{i}]";
            var rule = ExplicitRule(r, p, Add, LineOf(p));
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        // Every column a rule or key names must exist: the original checked columns no table had (defect 17).
        foreach (var (key, index) in document.Keys.Select((k, i) => (k, i)))
        {
            if (!names.Contains(key))
            {
                Add($"keys[{index}]", "contract.unknown-column", $"key column '{key}' is not a column of {document.Layer}.{document.Table}");
            }
        }

        foreach (var rule in rules)
        {
            foreach (var column in rule.Columns.Where(c => !names.Contains(c)))
            {
                problems.Add(new Problem(shown, rule.Line, 1, "contract.unknown-column", $"rule '{rule.Id}' names column '{column}', which is not a column of {document.Layer}.{document.Table}; declared columns: {string.Join(", ", names.Order(StringComparer.Ordinal))}"));
            }
        }

        foreach (var duplicate in rules.GroupBy(r => r.Id).Where(g => g.Count() > 1))
        {
            problems.Add(new Problem(shown, duplicate.Last().Line, 1, "contract.rule-id", $"rule id '{duplicate.Key}' is used twice; give one an explicit id"));
        }

        if (document.Sample.RowsDivisor < 1)
        {
            Add("sample.rowsDivisor", "contract.sample", "sample.rowsDivisor must be at least 1");
        }

        return new TableContract
        {
            Name = new TableName(document.Layer, document.Table),
            Description = document.Description,
            Columns = columns,
            Keys = document.Keys,
            Rules = rules,
            SampleRowsDivisor = Math.Max(1, document.Sample.RowsDivisor),
            SourceFile = shown,
        } is var contract ? contract with { Layout = Layout(document, contract, Add, LineOf("layout")) } : null;
    }

    private static void CrossCheck(TableContract contract, ContractSet set, List<Problem> problems)
    {
        foreach (var rule in contract.Rules.Where(r => r.Other is not null))
        {
            var other = set.Find(rule.Other!);
            if (other is null)
            {
                problems.Add(new Problem(contract.SourceFile, rule.Line, 1, "contract.unknown-table", $"rule '{rule.Id}' refers to table {rule.Other}, which has no contract"));
                continue;
            }

            if (rule.OtherColumn is not null && other.Column(rule.OtherColumn) is null)
            {
                problems.Add(new Problem(contract.SourceFile, rule.Line, 1, "contract.unknown-column", $"rule '{rule.Id}' refers to column {rule.Other}.{rule.OtherColumn}, which is not a column of that table"));
            }

            if (rule.Kind == RuleKind.Reconcile && set.Layers.ToList().IndexOf(other.Layer) >= set.Layers.ToList().IndexOf(contract.Layer))
            {
                problems.Add(new Problem(contract.SourceFile, rule.Line, 1, "contract.reconcile-layer", $"rule '{rule.Id}' must reconcile against an earlier layer than {contract.Layer}"));
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

}
