using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Top-level resources only (child resources inherit nothing and show no tags); diagnostic settings and authorization resources take none.</summary>
public sealed class GovernanceTags() : PolicyRuleBase("governance.tags", WafPillar.OperationalExcellence, "Top-level resources carry the environment's tags")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var tags = input.Environment.Tags;
        foreach (var resource in input.Resources.Where(r => r.Type.Count(c => c == '/') == 1 && !DiagnosticSettings.Is(r.Type) && !Locks.Is(r.Type)
                     && !r.Type.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase)))
        {
            var declared = resource.Body["tags"] as JsonObject;
            var missing = tags.Keys.Where(k => declared is null || !declared.ContainsKey(k)).ToList();
            yield return Result(resource, "tags", missing.Count == 0, missing.Count == 0 ? $"{tags.Count} environment tags" : $"missing tags {string.Join(", ", missing)}");
        }
    }
}
