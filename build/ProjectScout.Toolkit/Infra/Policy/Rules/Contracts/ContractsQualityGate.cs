using ProjectScout.Model.Contracts;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Every table of every layer has an error-severity rule, so a bad batch stops the layers downstream. One result per layer.</summary>
public sealed class ContractsQualityGate() : PolicyRuleBase("contracts.quality-gate", WafPillar.Reliability, "Blocking quality gate on every layer", PolicyKind.Advisory)
{
    public override string Recommendation => "Give every table at least one error-severity rule so a bad batch stops downstream layers.";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var layer in input.Lakehouse.LayerNames)
        {
            var tables = input.Contracts?.InLayer(layer).ToList() ?? [];
            var blocking = tables.Sum(t => t.Rules.Count(r => r.Severity == RuleSeverity.Error));
            var without = tables.Where(t => t.Rules.All(r => r.Severity != RuleSeverity.Error)).Select(t => t.Name.ToString()).ToList();
            yield return Check($"contracts {layer}.*", "rules[severity=error]", tables.Count > 0 && without.Count == 0,
                tables.Count == 0 ? $"no {layer} contracts in templates/contracts"
                    : $"{blocking} error rules over {tables.Count} tables; tables without one: {(without.Count == 0 ? "none" : string.Join(", ", without))}",
                component: $"Blocking quality gate on {layer}", type: "contracts", name: layer);
        }
    }
}
