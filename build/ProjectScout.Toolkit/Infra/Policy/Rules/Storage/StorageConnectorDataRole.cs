using ProjectScout.Model.Azure;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Shared key is off, so the connector's identity needs a data role on every account Unity Catalog writes (lake and backup).</summary>
public sealed class StorageConnectorDataRole() : PolicyRuleBase("storage.connector-data-role", WafPillar.Security, "The access connector's identity holds Storage Blob Data Contributor on every storage account")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var account in input.OfType(StorageAccounts.Name))
        {
            var principals = RoleAssignment.On(input, account, AzureRoleDefinitions.StorageBlobDataContributor).Select(RoleAssignment.Principal).ToList();
            var granted = principals.Any(RoleAssignment.IsAccessConnectorIdentity);
            yield return Result(account, "roleAssignments[Storage Blob Data Contributor]", granted, granted
                ? "granted to the access connector's managed identity"
                : principals.Count == 0
                    ? "no Storage Blob Data Contributor assignment; grant it to the access connector's identity"
                    : $"Storage Blob Data Contributor is assigned to {string.Join(", ", principals)}, not to an access connector's identity");
        }
    }
}
