using ProjectScout.Model.Contracts;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Infra;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The advisory contract rule: every table of every layer has a blocking (error) rule.</summary>
[TestFixture]
public sealed class ContractsRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        var layers = Declaration().LayerNames;
        yield return RuleCase.Pass("contracts.quality-gate", "an error rule on a table of each layer", () => With(layers.Select(l => Table(l, "t", RuleSeverity.Error))));
        yield return RuleCase.Fail("contracts.quality-gate", "a table with warnings only", "tables without one: " + layers[0] + ".soft",
            () => With(layers.Select(l => Table(l, "t", RuleSeverity.Error)).Append(Table(layers[0], "soft", RuleSeverity.Warn))));
        yield return RuleCase.Fail("contracts.quality-gate", "a layer without tables", $"no {layers[^1]} contracts",
            () => With(layers.SkipLast(1).Select(l => Table(l, "t", RuleSeverity.Error))));
        yield return RuleCase.Pass("contracts.table-layout", "clustered on the date, then an id", () => With([Clustered("event_date", "id")]));
        yield return RuleCase.Fail("contracts.table-layout", "clustered on the hash key alone", "key or classified columns only", () => With([Clustered("id")]));
        yield return RuleCase.Fail("contracts.table-layout", "clustered on the key and a pii column", "key or classified columns only", () => With([Clustered("id", "customer_id")]));
        yield return RuleCase.Fail("contracts.table-layout", "no layout", "no layout declared", () => With([Clustered()]));
    }

    /// <summary>A table keyed on id with a pii column and a date, clustered on <paramref name="columns"/>.</summary>
    private static TableContract Clustered(params string[] columns) => Table(Declaration().LayerNames[0], "events", RuleSeverity.Error) with
    {
        Columns =
        [
            new ColumnContract("id", "string", false, [], null, null, null, null, 1),
            new ColumnContract("customer_id", "string", true, [], null, null, null, null, 2) { Classification = "pii" },
            new ColumnContract("event_date", "date", false, [], null, null, null, null, 3),
        ],
        Keys = ["id"],
        Layout = new TableLayout(columns, [], 4),
    };

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static PolicyInput With(IEnumerable<TableContract> tables) => new() { Environment = Environment(), Lakehouse = Declaration(), Contracts = new ContractSet(tables.ToList(), Declaration().LayerNames) };

    private static TableContract Table(string layer, string name, RuleSeverity severity) => new()
    {
        Name = new TableName(layer, name),
        Description = "",
        Columns = [],
        Keys = [],
        Rules = [new QualityRule { Id = "id_not_null", Kind = ProjectScout.Model.Contracts.RuleKind.NotNull, Severity = severity, Columns = ["id"] }],
        SourceFile = $"templates/contracts/{layer}/{name}.yaml",
    };
}
