using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class KeyVaultDefaultDeny() : PolicyRuleBase("keyvault.default-deny", WafPillar.Security, "Key Vault firewall denies by default")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(KeyVaults.Name).Select(vault => Expect(vault, "properties.networkAcls.defaultAction", v => Str(v) == "Deny", "Deny"));
}
