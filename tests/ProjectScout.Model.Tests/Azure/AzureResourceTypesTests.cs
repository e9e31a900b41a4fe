using ProjectScout.Model.Azure;

namespace ProjectScout.Model.Tests.Azure;

public sealed class AzureResourceTypesTests
{
    [Test]
    public void Each_type_is_declared_once_and_found_case_insensitively()
    {
        Assert.That(AzureResourceTypes.All.Select(t => t.Name.ToLowerInvariant()), Is.Unique);
        Assert.That(AzureResourceTypes.Find("microsoft.storage/STORAGEACCOUNTS"), Is.SameAs(AzureResourceTypes.StorageAccounts));
        Assert.That(AzureResourceTypes.Find("Microsoft.Nothing/here"), Is.Null);
    }

    [Test]
    public void Data_and_identity_holders_are_stateful_and_nothing_else_is()
    {
        Assert.That(AzureResourceTypes.StatefulNames, Is.EquivalentTo(new[]
        {
            "Microsoft.Databricks/workspaces", "Microsoft.KeyVault/vaults", "Microsoft.OperationalInsights/workspaces", "Microsoft.Storage/storageAccounts",
            // The access connector carries Unity Catalog's identity: replacing it orphans role assignments and storage credentials.
            "Microsoft.Databricks/accessConnectors",
        }));
        Assert.That(AzureResourceTypes.IsStateful("microsoft.keyvault/vaults"), Is.True);
        Assert.That(AzureResourceTypes.IsStateful(AzureResourceTypes.KeyVaultSecrets.Name), Is.False);
    }

    [Test]
    public void Types_the_toolkit_calls_itself_carry_an_api_version()
    {
        foreach (var type in new[] { AzureResourceTypes.ResourceGroups, AzureResourceTypes.Deployments, AzureResourceTypes.KeyVaults, AzureResourceTypes.DatabricksWorkspaces, AzureResourceTypes.Runbooks })
        {
            Assert.That(type.ApiVersion, Does.Match(@"^\d{4}-\d{2}-\d{2}(-preview)?$"), type.Name);
        }

        Assert.That(AzureResourceTypes.BlobContainers.ShortName, Is.EqualTo("containers"));
    }
}
