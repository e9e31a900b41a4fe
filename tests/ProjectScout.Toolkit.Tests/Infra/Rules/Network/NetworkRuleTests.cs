using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The network rules over VNet, NSG and private DNS fragments.</summary>
[TestFixture]
public sealed class NetworkRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("network.subnet-nsg", "subnet with a declared NSG", () => Input(Nsg("VirtualNetwork"), Vnet(Id("Microsoft.Network/networkSecurityGroups", "nsg"))));
        yield return RuleCase.Fail("network.subnet-nsg", "subnet without NSG", "no NSG; every subnet needs one", () => Input(Nsg("VirtualNetwork"), Vnet(nsgId: null)));
        yield return RuleCase.Pass("network.no-any-inbound", "inbound from the VNet only", () => Input(Nsg("VirtualNetwork")));
        yield return RuleCase.Fail("network.no-any-inbound", "inbound from anywhere", "rules allow-in allow inbound from any source", () => Input(Nsg("*")));
        yield return RuleCase.Pass("network.dns-zone-linked", "linked zone", () => Input(PrivateEndpoint(Resource("Microsoft.KeyVault/vaults", "kv"), "vault", "privatelink.vaultcore.azure.net")));
        yield return RuleCase.Fail("network.dns-zone-linked", "unlinked zone", "no VNet link", () => Input(Resource("Microsoft.Network/privateDnsZones", "privatelink.blob.core.windows.net")));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static JsonObject Nsg(string source) => Resource("Microsoft.Network/networkSecurityGroups", "nsg", Fill("""
        {"properties": {"securityRules": [{"name": "allow-in", "properties": {"direction": "Inbound", "access": "Allow", "sourceAddressPrefix": "@0@"}}]}}
        """, source));

    private static JsonObject Vnet(string? nsgId)
    {
        var vnet = Resource("Microsoft.Network/virtualNetworks", "vnet", """{"properties": {"subnets": [{"name": "data", "properties": {"addressPrefix": "10.0.0.0/24"}}]}}""");
        if (nsgId is not null)
        {
            ((JsonObject)vnet["properties"]!["subnets"]![0]!["properties"]!)["networkSecurityGroup"] = new JsonObject { ["id"] = nsgId };
        }

        return vnet;
    }
}
