using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StoragePublicNetwork() : PolicyRuleBase("storage.public-network", WafPillar.Security, "Public network access is disabled or limited to allow-listed IP ranges")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var account in input.OfType(StorageAccounts.Name))
        {
            var publicAccess = Str(account.Get("properties.publicNetworkAccess"));
            var ipRules = account.Get("properties.networkAcls.ipRules")?.AsArray().Count ?? 0;
            var deny = Str(account.Get("properties.networkAcls.defaultAction")) == "Deny";
            var passed = publicAccess == "Disabled" || (publicAccess == "Enabled" && deny && ipRules > 0);
            yield return Result(account, "properties.publicNetworkAccess", passed,
                passed ? $"is {publicAccess} with {ipRules} allow-listed IP range(s)"
                    : $"is {(publicAccess.Length == 0 ? "(not set, i.e. Enabled)" : publicAccess)}; must be Disabled, or Enabled only with defaultAction Deny and allow-listed IP ranges");
        }
    }
}
