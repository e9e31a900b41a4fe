using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Compute, storage and monitoring in the environment's one region: no cross-region reads on the data path, and VNet
/// injection needs the workspace and its VNet together. One result over every located resource.
/// </summary>
public sealed class InfraSingleRegion() : PolicyRuleBase("infra.single-region", WafPillar.PerformanceEfficiency, "Resources in the environment's region")
{
    public override string Recommendation => "Keep the workspace, the lake and monitoring in the environment's one region (azure.location).";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var region = input.Environment.Azure.Location;
        var located = input.Resources.Where(r => Str(r.Body["location"]) is { Length: > 0 } l && !l.Equals("global", StringComparison.OrdinalIgnoreCase)).ToList();
        var elsewhere = located.Where(r => !string.Equals(Str(r.Body["location"]).Replace(" ", ""), region, StringComparison.OrdinalIgnoreCase)).ToList();
        yield return Check("resources (all)", "location", located.Count > 0 && elsewhere.Count == 0,
            located.Count == 0 ? $"no located resources in the snapshots{input.PhasesNote}"
                : elsewhere.Count == 0 ? $"{located.Count} resources in {region}{input.PhasesNote}"
                : $"outside {region}: {string.Join(", ", elsewhere.Select(r => $"{r.Display} in {Str(r.Body["location"])}"))}",
            type: "resources", name: "(all)");
    }
}
