using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class LakeRawTiering()
    : SnapshotPropertyRule("lake.raw-tiering", WafPillar.CostOptimization, "Raw landing data tiered to Cool", PolicyKind.Advisory, ManagementPolicies.Name, "properties.policy.rules")
{
    public override string Recommendation => "Tier raw (non-Delta) landing files to Cool after storage.rawCoolAfterDays; never tier Delta table files.";

    protected override bool Holds(JsonNode? value) => LifecycleActions.Of(value).Any(a => a.Action == "tierToCool");

    protected override string Describe(JsonNode? value) => LifecycleActions.Describe(value, a => a.Action.StartsWith("tierTo", StringComparison.Ordinal));
}
