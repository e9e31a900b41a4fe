using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class KeyVaultSoftDelete() : PolicyRuleBase("keyvault.soft-delete", WafPillar.Reliability, "Key Vault soft delete is on (7-90 days)")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(KeyVaults.Name).SelectMany(vault => new[]
        {
            Expect(vault, "properties.enableSoftDelete", v => v is null || IsTrue(v), "true"),
            Expect(vault, "properties.softDeleteRetentionInDays", v => v is null || ((int?)v is >= 7 and <= 90), "7-90"),
        });
}
