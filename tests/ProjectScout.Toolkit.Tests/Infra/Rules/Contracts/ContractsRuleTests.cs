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
    }

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
