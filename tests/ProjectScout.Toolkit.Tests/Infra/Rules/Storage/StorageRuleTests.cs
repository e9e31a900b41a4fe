using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The storage rules, each over a compliant account fragment and one broken the way the rule forbids.</summary>
[TestFixture]
public sealed class StorageRuleTests
{
    private const string AccountType = "Microsoft.Storage/storageAccounts";

    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("storage.min-tls", "TLS 1.2", () => Input(Account()));
        yield return RuleCase.Fail("storage.min-tls", "TLS 1.0", "is TLS1_0; must be TLS1_2", () => Input(Account().With("properties.minimumTlsVersion", "TLS1_0")));
        yield return RuleCase.Pass("storage.https-only", "HTTPS only", () => Input(Account()));
        yield return RuleCase.Fail("storage.https-only", "HTTP allowed", "must be true", () => Input(Account().With("properties.supportsHttpsTrafficOnly", false)));
        yield return RuleCase.Pass("storage.no-public-blob-access", "blob public access off", () => Input(Account()));
        yield return RuleCase.Fail("storage.no-public-blob-access", "not set", "is (not set); must be false", () => Input(Account().With("properties.allowBlobPublicAccess", null)));
        yield return RuleCase.Pass("storage.no-shared-key", "shared key off", () => Input(Account()));
        yield return RuleCase.Fail("storage.no-shared-key", "shared key on", "is true; must be false", () => Input(Account().With("properties.allowSharedKeyAccess", true)));
        yield return RuleCase.Pass("storage.default-deny", "firewall denies", () => Input(Account()));
        yield return RuleCase.Fail("storage.default-deny", "firewall allows", "is Allow; must be Deny", () => Input(Account().With("properties.networkAcls.defaultAction", "Allow")));
        yield return RuleCase.Pass("storage.public-network", "enabled only for allow-listed ranges",
            () => Input(Account().With("properties.publicNetworkAccess", "Enabled").With("properties.networkAcls.ipRules", new JsonArray(new JsonObject { ["value"] = "203.0.113.0/24" }))));
        yield return RuleCase.Fail("storage.public-network", "enabled for everyone", "is Enabled; must be Disabled", () => Input(Account().With("properties.publicNetworkAccess", "Enabled")));
        yield return RuleCase.Pass("storage.private-containers", "private container", () => Input(Account(), Container("None")));
        yield return RuleCase.Fail("storage.private-containers", "public container", "is Blob; must be None", () => Input(Account(), Container("Blob")));
        yield return RuleCase.Pass("storage.private-endpoints", "blob and dfs endpoints in linked zones", () =>
        {
            var account = Account();
            return Input([account, .. PrivateEndpoint(account, "blob", "privatelink.blob.core.windows.net"), .. PrivateEndpoint(account, "dfs", "privatelink.dfs.core.windows.net")]);
        });
        yield return RuleCase.Fail("storage.private-endpoints", "dfs zone not linked", "is not registered in a VNet-linked 'privatelink.dfs.*' zone", () =>
        {
            var account = Account();
            return Input([account, .. PrivateEndpoint(account, "blob", "privatelink.blob.core.windows.net"), .. PrivateEndpoint(account, "dfs", "privatelink.dfs.core.windows.net", linked: false)]);
        });
        yield return RuleCase.Pass("storage.soft-delete", "7 days each", () => Input(Account(), BlobService(days: 7)));
        yield return RuleCase.Fail("storage.soft-delete", "3 days", "enabled=True, days=3; must be enabled for at least 7 days", () => Input(Account(), BlobService(days: 3)));
        yield return RuleCase.Pass("storage.replication", "production GRS", () => Input(Production(), Account()));
        yield return RuleCase.Fail("storage.replication", "production LRS", "must be a geo-redundant SKU", () => Input(Production(), Account().With("sku.name", "Standard_LRS")));
        yield return RuleCase.Pass("storage.hns-unsupported-features", "no versioning", () => Input(Account(), BlobService(days: 7)));
        yield return RuleCase.Fail("storage.hns-unsupported-features", "versioning on an HNS account", "requests isVersioningEnabled",
            () => Input(Account(), BlobService(days: 7).With("properties.isVersioningEnabled", true)));
        yield return RuleCase.Pass("storage.lifecycle-present", "the lake account has a policy", () => Input(Account(), Resource("Microsoft.Storage/storageAccounts/managementPolicies", $"{Lake}/default")));
        yield return RuleCase.Fail("storage.lifecycle-present", "no policy", "no lifecycle policy for the lake account", () => Input(Account()));
        yield return RuleCase.Pass("storage.lifecycle-delta-safe", "cools raw landing files only", () => Input(RawLanding(), Lifecycle("raw/landing/", """{"tierToCool": {"daysAfterModificationGreaterThan": 30}}""")));
        yield return RuleCase.Fail("storage.lifecycle-delta-safe", "deletes table files by age", "deletes Delta table files by age under tables/orders/",
            () => Input(RawLanding(), Lifecycle("tables/orders/", """{"delete": {"daysAfterModificationGreaterThan": 30}}""")));
        yield return RuleCase.Pass("storage.hierarchical-namespace", "HNS on", () => Input(Account()));
        yield return RuleCase.Fail("storage.hierarchical-namespace", "HNS off", "properties.isHnsEnabled = false", () => Input(Account().With("properties.isHnsEnabled", false)));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static string Lake => Environment().Names.StorageAccount;

    private static ProjectScout.Model.Environments.EnvironmentDefinition Production()
    {
        var environment = Environment();
        environment.IsProduction = true;
        return environment;
    }

    private static ProjectScout.Model.Environments.EnvironmentDefinition RawLanding()
    {
        var environment = Environment();
        environment.Storage.RawPrefixes = ["raw/landing/"];
        return environment;
    }

    /// <summary>The lake account as the templates declare it: every rule above holds.</summary>
    private static JsonObject Account() => Resource(AccountType, Lake, """
        {"sku": {"name": "Standard_GRS"}, "properties": {"minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": true, "allowBlobPublicAccess": false,
         "allowSharedKeyAccess": false, "isHnsEnabled": true, "publicNetworkAccess": "Disabled", "networkAcls": {"defaultAction": "Deny", "ipRules": []}}}
        """);

    private static JsonObject Container(string publicAccess) =>
        Resource("Microsoft.Storage/storageAccounts/blobServices/containers", $"{Lake}/default/raw", Fill("""{"properties": {"publicAccess": "@0@"}}""", publicAccess));

    private static JsonObject BlobService(int days) => Resource("Microsoft.Storage/storageAccounts/blobServices", $"{Lake}/default", Fill("""
        {"properties": {"deleteRetentionPolicy": {"enabled": true, "days": @0@}, "containerDeleteRetentionPolicy": {"enabled": true, "days": @1@}}}
        """, days.ToString(), days.ToString()));

    private static JsonObject Lifecycle(string prefix, string baseBlob)
    {
        var policy = Resource("Microsoft.Storage/storageAccounts/managementPolicies", $"{Lake}/default", Fill("""
            {"properties": {"policy": {"rules": [{"name": "rule", "enabled": true, "type": "Lifecycle",
             "definition": {"filters": {"blobTypes": ["blockBlob"], "prefixMatch": ["@0@"]}, "actions": {"baseBlob": @1@}}}]}}}
            """, prefix, baseBlob));
        return policy;
    }
}
