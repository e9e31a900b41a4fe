using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>A log alert evaluated every minute is billed at the highest rate for no earlier answer.</summary>
public sealed class MonitoringNoHighFrequencyQuery() : PolicyRuleBase("monitoring.no-high-frequency-query", WafPillar.CostOptimization, "Log alerts do not run every minute")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(ScheduledQueryRules.Name).Select(alert => Expect(alert, "properties.evaluationFrequency", v => Str(v) != "PT1M", "PT5M or slower"));
}
