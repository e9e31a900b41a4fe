namespace ProjectScout.Model.Azure;

/// <summary>
/// Built-in Azure role definition ids the data path relies on (the same GUID in every tenant). The templates declare
/// the same ids once in templates/infra/naming.bicep (builtInRoleIds); the policy rules find the assignments by them.
/// </summary>
public static class AzureRoleDefinitions
{
    /// <summary>Storage Blob Data Contributor: the access connector's identity on the lake and the backup account.</summary>
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    /// <summary>Key Vault Secrets User: the AzureDatabricks application on the vault behind the secret scope.</summary>
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>Key Vault Secrets Officer: the rotation worker's identity reads and sets the secrets it rotates.</summary>
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    /// <summary>Application (client) id of the AzureDatabricks first-party application; its service principal's object id differs per tenant.</summary>
    public const string AzureDatabricksApplicationId = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
}
