using ProjectScout.Model.Azure;

namespace ProjectScout.Model.Tests.Azure;

public sealed class ResourceIdTests
{
    private const string Container = "/subscriptions/s1/resourceGroups/rg-a/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/bronze";

    [Test]
    public void A_nested_id_parses_into_its_parts_and_formats_back()
    {
        var id = ResourceId.Parse(Container);

        Assert.That(id.SubscriptionId, Is.EqualTo("s1"));
        Assert.That(id.ResourceGroup, Is.EqualTo("rg-a"));
        Assert.That(id.Type, Is.EqualTo(AzureResourceTypes.BlobContainers.Name));
        Assert.That(id.Names, Is.EqualTo(new[] { "acct", "default", "bronze" }));
        Assert.That(id.Name, Is.EqualTo("bronze"));
        Assert.That(id.ToString(), Is.EqualTo(Container));
        Assert.That(id.Parent!.Type, Is.EqualTo(AzureResourceTypes.BlobServices.Name));
    }

    [Test]
    public void A_leading_double_slash_is_tolerated_and_ids_compare_case_insensitively()
    {
        var id = ResourceId.Parse("/" + Container.ToUpperInvariant());

        Assert.That(id, Is.EqualTo(ResourceId.Parse(Container)));
        Assert.That(id.ToString(), Does.StartWith("/subscriptions/S1/resourceGroups/RG-A/providers/MICROSOFT.STORAGE/"), "canonical keywords, names as given");
    }

    [Test]
    public void Groups_extension_resources_and_built_ids()
    {
        var group = ResourceId.Parse("/subscriptions/s1/resourceGroups/rg-a");
        Assert.That((group.Type, group.Name), Is.EqualTo((AzureResourceTypes.ResourceGroups.Name, "rg-a")));

        var diagnostic = ResourceId.Parse("/subscriptions/s1/resourceGroups/rg-a/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings/to-law");
        Assert.That(diagnostic.Type, Is.EqualTo(AzureResourceTypes.DiagnosticSettings.Name));
        Assert.That(diagnostic.ExtendedResource!.Type, Is.EqualTo(AzureResourceTypes.KeyVaults.Name));
        Assert.That(diagnostic.ResourceGroup, Is.EqualTo("rg-a"));

        var built = ResourceId.For("s1", "rg-a", AzureResourceTypes.KeyVaults, "kv");
        Assert.That(built.ToString(), Is.EqualTo("/subscriptions/s1/resourceGroups/rg-a/providers/Microsoft.KeyVault/vaults/kv"));
        Assert.Throws<ArgumentException>(() => ResourceId.For("s1", "rg-a", AzureResourceTypes.BlobContainers, "acct"));
    }

    [TestCase("")]
    [TestCase("/resourceGroups/rg")]
    [TestCase("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts")]
    [TestCase("/subscriptions/s1/something/else")]
    public void What_is_not_an_id_is_refused(string text)
    {
        Assert.That(ResourceId.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => ResourceId.Parse(text));
    }
}
