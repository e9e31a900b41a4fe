using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The automation account rule: a managed identity and no local auth.</summary>
[TestFixture]
public sealed class AutomationRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("automation.managed-identity", "system identity, no local auth", () => Input(Automation("SystemAssigned", disableLocalAuth: true)));
        yield return RuleCase.Fail("automation.managed-identity", "no identity", "is (not set); must be SystemAssigned or UserAssigned", () => Input(Automation(null, disableLocalAuth: true)));
        yield return RuleCase.Fail("automation.managed-identity", "local auth on", "is false; must be true", () => Input(Automation("SystemAssigned", disableLocalAuth: false)));
        yield return RuleCase.Pass("automation.rotation-reaches-vault", "on a hybrid worker in the vault's private-endpoint VNet", () => Input([.. Worker("vnet"), Vault(), VaultEndpoint("vnet"), Schedule("aa-worker")]));
        yield return RuleCase.Fail("automation.rotation-reaches-vault", "in Azure's cloud sandbox behind the firewall", "Azure Automation is not a trusted service", () => Input(Vault(), VaultEndpoint("vnet"), Schedule(null)));
        yield return RuleCase.Fail("automation.rotation-reaches-vault", "on a worker outside the vault's VNet", "has no VM in a network", () => Input([.. Worker("other-vnet"), Vault(), VaultEndpoint("vnet"), Schedule("aa-worker")]));
        yield return RuleCase.Fail("automation.rotation-reaches-vault", "on a worker group no phase declares", "which no phase declares", () => Input(Vault(), VaultEndpoint("vnet"), Schedule("aa-worker")));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static string VaultName => Environment().Names.KeyVault;

    private static JsonObject Vault() =>
        Resource("Microsoft.KeyVault/vaults", VaultName).With("properties.networkAcls.defaultAction", "Deny").With("properties.publicNetworkAccess", "Disabled");

    private static JsonObject VaultEndpoint(string vnet) => Resource("Microsoft.Network/privateEndpoints", "kv-vault-pe", Fill("""
        {"properties": {"subnet": {"id": "@0@"}, "privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "@1@", "groupIds": ["vault"]}}]}}
        """, Id("Microsoft.Network/virtualNetworks/subnets", $"{vnet}/pe"), Id("Microsoft.KeyVault/vaults", VaultName)));

    /// <summary>A worker group 'aa-worker' with one VM whose NIC sits in <paramref name="vnet"/>.</summary>
    private static JsonObject[] Worker(string vnet)
    {
        var nic = Resource("Microsoft.Network/networkInterfaces", "worker-nic", Fill("""
            {"properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {"subnet": {"id": "@0@"}}}]}}
            """, Id("Microsoft.Network/virtualNetworks/subnets", $"{vnet}/pe")));
        var vm = Resource("Microsoft.Compute/virtualMachines", "worker", Fill("""
            {"properties": {"networkProfile": {"networkInterfaces": [{"id": "@0@"}]}}}
            """, (string)nic["id"]!));
        var group = Resource("Microsoft.Automation/automationAccounts/hybridRunbookWorkerGroups", "aa/aa-worker");
        var worker = Resource("Microsoft.Automation/automationAccounts/hybridRunbookWorkerGroups/hybridRunbookWorkers", "aa/aa-worker/w1")
            .With("properties.vmResourceId", (string)vm["id"]!);
        return [nic, vm, group, worker];
    }

    private static JsonObject Schedule(string? runOn)
    {
        var schedule = Resource("Microsoft.Automation/automationAccounts/jobSchedules", "aa/rotate").With("properties.runbook.name", "RotateStorageAccountKeys");
        return runOn is null ? schedule : schedule.With("properties.runOn", runOn);
    }

    private static JsonObject Automation(string? identity, bool disableLocalAuth)
    {
        var account = Resource("Microsoft.Automation/automationAccounts", "aa").With("properties.disableLocalAuth", disableLocalAuth);
        return identity is null ? account : account.With("identity.type", identity);
    }
}
