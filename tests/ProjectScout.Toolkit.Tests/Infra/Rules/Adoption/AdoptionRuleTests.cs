using ProjectScout.Model.Environments;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>
/// The values an adopted resource keeps: reported by the advisory rule with their reason, and accepted by the gates they
/// weaken only for the adopted resource itself.
/// </summary>
[TestFixture]
public sealed class AdoptionRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("adoption.kept-values", "the target design", () => Input(Account()));
        yield return RuleCase.Fail("adoption.kept-values", "shared key kept on", "storage.allowSharedKeyAccess: true: anyone holding an account key",
            () => Input(Keeping(e => e.Storage.AllowSharedKeyAccess = true), Account()));
        yield return RuleCase.Pass("storage.no-shared-key", "kept on for the adopted lake account",
            () => Input(Keeping(e => e.Storage.AllowSharedKeyAccess = true), Account().With("properties.allowSharedKeyAccess", true)));
        yield return RuleCase.Pass("keyvault.rbac", "access policies kept for the adopted vault",
            () => Input(Keeping(e => e.KeyVault.Authorization = KeyVaultSettings.AccessPolicies), Vault().With("properties.enableRbacAuthorization", false)));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    [Test]
    public void A_kept_value_excuses_only_the_adopted_resource()
    {
        var environment = Keeping(e => e.Storage.AllowSharedKeyAccess = true);
        var backup = Resource("Microsoft.Storage/storageAccounts", environment.Names.BackupStorageAccount, """{"properties": {"allowSharedKeyAccess": true}}""");
        var results = ProjectScout.Toolkit.Infra.PolicyEngine.Find("storage.no-shared-key")!.Evaluate(Input(environment, Account().With("properties.allowSharedKeyAccess", true), backup)).ToList();

        Assert.That(results.Single(r => r.ResourceName == environment.Names.StorageAccount).Evidence, Does.Contain("kept by storage.allowSharedKeyAccess: true for the adopted resource"));
        Assert.That(results.Single(r => r.ResourceName == environment.Names.BackupStorageAccount).Passed, Is.False, "the backup account is the toolkit's own");
    }

    private static EnvironmentDefinition Keeping(Action<EnvironmentDefinition> keep)
    {
        var environment = Environment();
        environment.Ownership.AdoptsExisting = true;
        keep(environment);
        return environment;
    }

    private static System.Text.Json.Nodes.JsonObject Account() =>
        Resource("Microsoft.Storage/storageAccounts", Environment().Names.StorageAccount, """{"properties": {"allowSharedKeyAccess": false}}""");

    private static System.Text.Json.Nodes.JsonObject Vault() =>
        Resource("Microsoft.KeyVault/vaults", Environment().Names.KeyVault, """{"properties": {"enableRbacAuthorization": true}}""");
}
