using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class MonitoringMetricAutoMitigate() : PolicyRuleBase("monitoring.metric-auto-mitigate", WafPillar.OperationalExcellence, "Metric alerts resolve automatically")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(MetricAlerts.Name).Select(alert => Expect(alert, "properties.autoMitigate", v => v is null || IsTrue(v), "true"));
}
