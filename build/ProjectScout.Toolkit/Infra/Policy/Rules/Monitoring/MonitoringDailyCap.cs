using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Advisory: an environment may deliberately run without a cap (monitoring.dailyCapGb -1), so a missing cap is a gap
/// the report shows, not a defect Validate stops on.
/// </summary>
public sealed class MonitoringDailyCap()
    : SnapshotPropertyRule("monitoring.daily-cap", WafPillar.CostOptimization, "Log Analytics daily ingestion cap", PolicyKind.Advisory,
        LogAnalyticsWorkspaces.Name, "properties.workspaceCapping.dailyQuotaGb")
{
    public override string Recommendation => "Set monitoring.dailyCapGb so a noisy source cannot run up the ingestion bill.";

    public override bool GapAccepted => true;

    protected override bool Holds(JsonNode? value) => Number(value) > 0;
}
