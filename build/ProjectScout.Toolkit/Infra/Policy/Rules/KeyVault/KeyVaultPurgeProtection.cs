using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class KeyVaultPurgeProtection() : PolicyRuleBase("keyvault.purge-protection", WafPillar.Reliability, "Key Vault purge protection is on")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(KeyVaults.Name).Select(vault => Expect(vault, "properties.enablePurgeProtection", IsTrue, "true"));
}
