using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The Key Vault rules, each over a compliant vault fragment and one broken the way the rule forbids.</summary>
[TestFixture]
public sealed class KeyVaultRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("keyvault.rbac", "RBAC", () => Input(Vault()));
        yield return RuleCase.Fail("keyvault.rbac", "access policies", "is false; must be true", () => Input(Vault().With("properties.enableRbacAuthorization", false)));
        yield return RuleCase.Pass("keyvault.soft-delete", "90 days", () => Input(Vault()));
        yield return RuleCase.Fail("keyvault.soft-delete", "3 days", "is 3; must be 7-90", () => Input(Vault().With("properties.softDeleteRetentionInDays", 3)));
        yield return RuleCase.Pass("keyvault.purge-protection", "on", () => Input(Vault()));
        yield return RuleCase.Fail("keyvault.purge-protection", "not set", "is (not set); must be true", () => Input(Vault().With("properties.enablePurgeProtection", null)));
        yield return RuleCase.Pass("keyvault.default-deny", "denies", () => Input(Vault()));
        yield return RuleCase.Fail("keyvault.default-deny", "allows", "is Allow; must be Deny", () => Input(Vault().With("properties.networkAcls.defaultAction", "Allow")));
        yield return RuleCase.Pass("keyvault.private-endpoint", "endpoint in a linked zone", () =>
        {
            var vault = Vault();
            return Input([vault, .. PrivateEndpoint(vault, "vault", "privatelink.vaultcore.azure.net")]);
        });
        yield return RuleCase.Fail("keyvault.private-endpoint", "no endpoint", "no private endpoint with group 'vault'", () => Input(Vault()));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static JsonObject Vault() => Resource("Microsoft.KeyVault/vaults", "kv", """
        {"properties": {"enableRbacAuthorization": true, "enableSoftDelete": true, "softDeleteRetentionInDays": 90, "enablePurgeProtection": true,
         "networkAcls": {"defaultAction": "Deny"}}}
        """);
}
