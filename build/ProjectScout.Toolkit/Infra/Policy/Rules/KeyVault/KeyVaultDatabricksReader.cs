using ProjectScout.Model.Azure;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>An RBAC vault ignores access policies: the Key Vault-backed secret scope reads secrets only if the AzureDatabricks application holds Key Vault Secrets User.</summary>
public sealed class KeyVaultDatabricksReader() : PolicyRuleBase("keyvault.databricks-reader", WafPillar.Security, "The AzureDatabricks application can read the vault's secrets")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var expected = input.Environment.Databricks.AzureDatabricksObjectId;
        foreach (var vault in input.OfType(KeyVaults.Name))
        {
            var principals = RoleAssignment.On(input, vault, AzureRoleDefinitions.KeyVaultSecretsUser).Select(RoleAssignment.Principal).ToList();
            var granted = expected.Length > 0 && principals.Contains(expected, StringComparer.OrdinalIgnoreCase);
            yield return Result(vault, "roleAssignments[Key Vault Secrets User]", granted, granted
                ? $"granted to the AzureDatabricks service principal {expected}"
                : principals.Count == 0
                    ? "no Key Vault Secrets User assignment; grant it to databricks.azureDatabricksObjectId"
                    : $"Key Vault Secrets User is assigned to {string.Join(", ", principals)}, not to the AzureDatabricks service principal {expected} (databricks.azureDatabricksObjectId)");
        }
    }
}
