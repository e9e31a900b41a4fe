using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Only where the environment asks for locks (storage.resourceLocks): a lock blocks a sandbox teardown.</summary>
public sealed class GovernanceLocks() : PolicyRuleBase("governance.locks", WafPillar.Reliability, "Stateful resources are locked where the environment asks")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        if (!input.Environment.Storage.ResourceLocks)
        {
            yield break;
        }

        var locks = input.OfType(Locks.Name).ToList();
        foreach (var resource in input.Resources.Where(r => IsStateful(r.Type)))
        {
            var locked = locks.Any(l => l.Id.StartsWith(resource.Id + $"/providers/{Locks.Name}/", StringComparison.OrdinalIgnoreCase)
                                        && Str(l.Get("properties.level")) == "CanNotDelete");
            yield return Result(resource, "locks", locked, locked ? "CanNotDelete lock declared" : "no CanNotDelete lock; the environment sets storage.resourceLocks");
        }
    }
}
