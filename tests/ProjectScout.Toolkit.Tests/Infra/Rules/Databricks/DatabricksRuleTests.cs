using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The Databricks workspace rules over a VNet-injected premium workspace fragment and broken variants.</summary>
[TestFixture]
public sealed class DatabricksRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("databricks.premium", "premium", () => Input(Workspace()));
        yield return RuleCase.Fail("databricks.premium", "standard", "is standard; must be premium", () => Input(Workspace().With("sku.name", "standard")));
        yield return RuleCase.Pass("databricks.no-public-ip", "secure cluster connectivity", () => Input(Workspace()));
        yield return RuleCase.Fail("databricks.no-public-ip", "public IPs", "is false; must be true", () => Input(Workspace().With("properties.parameters.enableNoPublicIp.value", false)));
        yield return RuleCase.Pass("databricks.nsg-rules", "private workspace without Azure NSG rules", () => Input(Workspace()));
        yield return RuleCase.Fail("databricks.nsg-rules", "private workspace with all rules", "must be NoAzureDatabricksRules",
            () => Input(Workspace().With("properties.requiredNsgRules", "AllRules")));
        yield return RuleCase.Pass("databricks.vnet-injection", "delegated /26 subnets with NSGs", () => Input(Workspace(), Vnet("10.0.0.0/26")));
        yield return RuleCase.Fail("databricks.vnet-injection", "/27 subnets", "prefix 10.0.0.0/27 is smaller than /26", () => Input(Workspace(), Vnet("10.0.0.0/27")));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static JsonObject Workspace() => Resource("Microsoft.Databricks/workspaces", "dbw", Fill("""
        {"sku": {"name": "premium"}, "properties": {"publicNetworkAccess": "Disabled", "requiredNsgRules": "NoAzureDatabricksRules",
         "parameters": {"enableNoPublicIp": {"value": true}, "customVirtualNetworkId": {"value": "@0@"},
                        "customPublicSubnetName": {"value": "host"}, "customPrivateSubnetName": {"value": "container"}}}}
        """, Id("Microsoft.Network/virtualNetworks", "vnet")));

    private static JsonObject Vnet(string prefix)
    {
        var subnet = Fill("""
            {"name": "@0@", "properties": {"addressPrefix": "@1@", "networkSecurityGroup": {"id": "@2@"},
             "delegations": [{"name": "databricks", "properties": {"serviceName": "Microsoft.Databricks/workspaces"}}]}}
            """, "@name@", prefix, Id("Microsoft.Network/networkSecurityGroups", "nsg"));
        return Resource("Microsoft.Network/virtualNetworks", "vnet", Fill("""{"properties": {"subnets": [@0@, @1@]}}""", subnet.Replace("@name@", "host"), subnet.Replace("@name@", "container")));
    }
}
