using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class LakeRetentionExpiry()
    : SnapshotPropertyRule("lake.retention-expiry", WafPillar.CostOptimization, "Logs, inventories and snapshots expire", PolicyKind.Advisory, ManagementPolicies.Name, "properties.policy.rules")
{
    public override string Recommendation => "Delete logs, inventory and snapshots after their retention days.";

    protected override bool Holds(JsonNode? value) => LifecycleActions.Of(value).Any(a => a.Action == "delete");

    protected override string Describe(JsonNode? value) => LifecycleActions.Describe(value, a => a.Action == "delete");
}
