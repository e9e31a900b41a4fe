using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class KeyVaultPrivateEndpoint() : PolicyRuleBase("keyvault.private-endpoint", WafPillar.Security, "Key Vault private endpoint registered in a linked privatelink zone")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var vault in input.OfType(KeyVaults.Name))
        {
            var (found, evidence) = PrivateLink.Endpoint(input, vault.Id, "vault", "privatelink.vaultcore.");
            yield return Result(vault, "privateEndpoints[vault]", found, evidence);
        }
    }
}
