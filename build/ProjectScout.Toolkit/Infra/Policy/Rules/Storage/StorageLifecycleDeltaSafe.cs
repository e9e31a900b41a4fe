using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Delta reads fail on archived files and break when files vanish by age; only raw landing files may cool.</summary>
public sealed class StorageLifecycleDeltaSafe() : PolicyRuleBase("storage.lifecycle-delta-safe", WafPillar.Reliability, "Lifecycle never archives, never deletes Delta table paths by age, tiers to Cool only raw prefixes")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var lake = input.Lake;
        var rawPrefixes = input.Environment.Storage.RawPrefixes;
        foreach (var policy in input.OfType(ManagementPolicies.Name))
        {
            foreach (var rule in policy.Get("properties.policy.rules")?.AsArray().OfType<JsonObject>() ?? [])
            {
                var prefixes = Get(rule, "definition.filters.prefixMatch")?.AsArray().Select(Str).ToList() ?? [];
                var baseBlob = Get(rule, "definition.actions.baseBlob") as JsonObject;
                var problems = new List<string>();
                if (rule.ToJsonString().Contains("tierToArchive", StringComparison.Ordinal))
                {
                    problems.Add("moves blobs to Archive (offline: Delta reads fail)");
                }

                if (baseBlob is not null)
                {
                    var tables = prefixes.Count == 0
                        ? lake.DeltaTableContainers.ToList()
                        : prefixes.Where(p => lake.DeltaTableContainers.Any(c => p.StartsWith(c + "/", StringComparison.Ordinal) || p == c)).ToList();
                    if (baseBlob.ContainsKey("delete") && tables.Count > 0)
                    {
                        problems.Add($"deletes Delta table files by age under {string.Join(", ", tables)}");
                    }

                    if (baseBlob.ContainsKey("tierToCool") || baseBlob.ContainsKey("tierToCold"))
                    {
                        var notRaw = (prefixes.Count == 0 ? ["(whole account)"] : prefixes)
                            .Where(p => !rawPrefixes.Any(r => p.StartsWith(r, StringComparison.Ordinal))).ToList();
                        if (notRaw.Count > 0)
                        {
                            problems.Add($"tiers non-raw paths {string.Join(", ", notRaw)} (raw prefixes: {string.Join(", ", rawPrefixes)})");
                        }
                    }
                }

                yield return Result(policy, $"properties.policy.rules[{Str(rule["name"])}]", problems.Count == 0,
                    problems.Count == 0 ? $"prefixes {(prefixes.Count == 0 ? "(whole account)" : string.Join(", ", prefixes))}: safe for Delta" : string.Join("; ", problems));
            }
        }
    }
}
