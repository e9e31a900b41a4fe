using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StorageHnsUnsupportedFeatures() : PolicyRuleBase("storage.hns-unsupported-features", WafPillar.Reliability, "No versioning, change feed or point-in-time restore on HNS accounts")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var account in input.OfType(StorageAccounts.Name).Where(a => IsTrue(a.Get("properties.isHnsEnabled"))))
        {
            if (input.Under(account, BlobServices.Name).FirstOrDefault() is not { } blobService)
            {
                continue;
            }

            var unsupported = new[] { "isVersioningEnabled", "changeFeed.enabled", "restorePolicy.enabled" }
                .Where(p => IsTrue(blobService.Get("properties." + p))).ToList();
            yield return Result(blobService, "properties", unsupported.Count == 0,
                unsupported.Count == 0 ? "no versioning, change feed or point-in-time restore requested" : $"requests {string.Join(", ", unsupported)}, unsupported on HNS accounts");
        }
    }
}
