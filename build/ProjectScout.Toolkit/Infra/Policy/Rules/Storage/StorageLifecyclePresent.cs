using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>The lake account (the environment's storage account) only: other accounts hold no tiered data.</summary>
public sealed class StorageLifecyclePresent() : PolicyRuleBase("storage.lifecycle-present", WafPillar.CostOptimization, "The lake account has a lifecycle policy")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var account in input.OfType(StorageAccounts.Name).Where(a => string.Equals(a.Name, input.Environment.Names.StorageAccount, StringComparison.OrdinalIgnoreCase)))
        {
            var hasPolicy = input.Under(account, ManagementPolicies.Name).Any();
            yield return Result(account, "managementPolicies/default", hasPolicy, hasPolicy ? "lifecycle policy declared" : "no lifecycle policy for the lake account");
        }
    }
}
