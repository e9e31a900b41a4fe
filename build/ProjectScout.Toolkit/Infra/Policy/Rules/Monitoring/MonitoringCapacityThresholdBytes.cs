using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>UsedCapacity is reported in bytes: a threshold written in GiB or percent would never fire.</summary>
public sealed class MonitoringCapacityThresholdBytes() : PolicyRuleBase("monitoring.capacity-threshold-bytes", WafPillar.OperationalExcellence, "Capacity alert threshold is bytes = planned GiB x percent")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var monitoring = input.Environment.Monitoring;
        var expected = (long)monitoring.StorageCapacityGiB * 1073741824L * monitoring.StorageCapacityAlertPercent / 100;
        var planned = $"{monitoring.StorageCapacityAlertPercent}% of {monitoring.StorageCapacityGiB} GiB";
        foreach (var alert in input.OfType(MetricAlerts.Name))
        {
            foreach (var criterion in alert.Get("properties.criteria.allOf")?.AsArray().OfType<JsonObject>().Where(c => Str(c["metricName"]) == "UsedCapacity") ?? [])
            {
                var actual = (long?)criterion["threshold"] ?? -1;
                yield return Result(alert, "properties.criteria.allOf[UsedCapacity].threshold", actual == expected,
                    actual == expected ? $"{actual} bytes = {planned}" : $"is {actual}; must be {expected} bytes ({planned}): UsedCapacity is in bytes");
            }
        }
    }
}
