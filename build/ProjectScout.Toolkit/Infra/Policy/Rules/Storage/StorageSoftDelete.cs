using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StorageSoftDelete() : PolicyRuleBase("storage.soft-delete", WafPillar.Reliability, "Blob and container soft delete on for at least 7 days")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var account in input.OfType(StorageAccounts.Name))
        {
            var blobService = input.Under(account, BlobServices.Name).FirstOrDefault();
            if (blobService is null)
            {
                yield return Result(account, "blobServices/default", false, "no blob service settings; declare blob and container soft delete");
                continue;
            }

            foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
            {
                var enabled = IsTrue(blobService.Get($"properties.{policy}.enabled"));
                var days = (int?)blobService.Get($"properties.{policy}.days") ?? 0;
                yield return Result(blobService, $"properties.{policy}", enabled && days >= 7,
                    enabled && days >= 7 ? $"enabled for {days} days" : $"enabled={enabled}, days={days}; must be enabled for at least 7 days");
            }
        }
    }
}
