using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StoragePrivateEndpoints() : PolicyRuleBase("storage.private-endpoints", WafPillar.Security, "Blob and dfs private endpoints registered in linked privatelink zones")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var account in input.OfType(StorageAccounts.Name))
        {
            foreach (var group in new[] { "blob", "dfs" })
            {
                var (found, evidence) = PrivateLink.Endpoint(input, account.Id, group, $"privatelink.{group}.");
                yield return Result(account, $"privateEndpoints[{group}]", found, evidence);
            }
        }
    }
}
