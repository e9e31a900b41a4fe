using ProjectScout.Model.Environments;

namespace ProjectScout.Model.Tests.Environments;

public sealed class AzureNamingTests
{
    [Test]
    public void Valid_names_pass_and_invalid_ones_say_the_rule()
    {
        Assert.That(AzureNaming.StorageAccount("tbwajuicersbx"), Is.Null);
        Assert.That(AzureNaming.StorageAccount("TBWA-juicer"), Does.Contain("3-24 lowercase letters and digits"));
        Assert.That(AzureNaming.KeyVault("kv-juicer-sbx"), Is.Null);
        Assert.That(AzureNaming.KeyVault("kv--juicer"), Does.Contain("single hyphens"));
        Assert.That(AzureNaming.ResourceGroup("RG-TBWA-ProjectScout"), Is.Null);
        Assert.That(AzureNaming.ResourceGroup("rg."), Does.Contain("not ending with '.'"));
        Assert.That(AzureNaming.GenericName("alert?", 260), Does.Contain("without"));
        Assert.That(AzureNaming.KeyVaultSecret("databricks-token"), Is.Null);
        Assert.That(AzureNaming.KeyVaultSecret("databricks_token"), Is.Not.Null);
    }
}
