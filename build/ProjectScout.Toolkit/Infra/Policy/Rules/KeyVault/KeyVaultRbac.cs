using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class KeyVaultRbac() : PolicyRuleBase("keyvault.rbac", WafPillar.Security, "Key Vault uses RBAC authorization")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(KeyVaults.Name).Select(vault =>
            KeptByAdoption(input, vault, input.Environment.Names.KeyVault, "properties.enableRbacAuthorization", ProjectScout.Model.Environments.KeptSettings.VaultAccessPolicies) ?? Expect(vault, "properties.enableRbacAuthorization", IsTrue, "true"));
}
