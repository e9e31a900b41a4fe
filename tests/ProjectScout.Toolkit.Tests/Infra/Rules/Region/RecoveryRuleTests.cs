using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>Production's backups leave the primary region: a geo-redundant backup account, or one in the paired region.</summary>
[TestFixture]
public sealed class RecoveryRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("recovery.backups-leave-region", "a geo-redundant backup account", () => Input(Production(), Backup("Standard_RAGRS", "eastus2")));
        yield return RuleCase.Pass("recovery.backups-leave-region", "a locally redundant account in the paired region", () => Input(Production(), Backup("Standard_LRS", "centralus")));
        yield return RuleCase.Fail("recovery.backups-leave-region", "a locally redundant account in the primary region", "the backups stay in the primary region",
            () => Input(Production(), Backup("Standard_ZRS", "eastus2")));
        yield return RuleCase.Fail("recovery.backups-leave-region", "no backup account", "no backup storage account", () => Input(Production()));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static ProjectScout.Model.Environments.EnvironmentDefinition Production()
    {
        var environment = Environment();
        environment.IsProduction = true;
        environment.Azure.Location = "eastus2";
        environment.Recovery.PairedRegion = "centralus";
        return environment;
    }

    private static System.Text.Json.Nodes.JsonObject Backup(string sku, string location) =>
        Resource("Microsoft.Storage/storageAccounts", Environment().Names.BackupStorageAccount, $"{{\"location\": \"{location}\", \"sku\": {{\"name\": \"{sku}\"}}}}");
}
