using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The data-path rules (issue 11): access connector, its data role and firewall rule, Databricks egress, the vault grant.</summary>
[TestFixture]
public sealed class DataPathRuleTests
{
    private const string Connector = "dbw-access-connector";

    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("databricks.access-connector", "system-assigned connector", () => Input(Workspace(), AccessConnector()));
        yield return RuleCase.Fail("databricks.access-connector", "no connector", "no Microsoft.Databricks/accessConnectors", () => Input(Workspace()));
        yield return RuleCase.Fail("databricks.access-connector", "connector without identity", "has no managed identity",
            () => Input(Workspace(), AccessConnector().With("identity", null)));

        yield return RuleCase.Pass("storage.connector-data-role", "blob data contributor for the connector",
            () => Input(Lake(), Assignment(Lake(), AzureRoleDefinitions.StorageBlobDataContributor, ConnectorPrincipal())));
        yield return RuleCase.Fail("storage.connector-data-role", "no assignment", "no Storage Blob Data Contributor assignment", () => Input(Lake()));
        yield return RuleCase.Fail("storage.connector-data-role", "reader role only", "no Storage Blob Data Contributor assignment",
            () => Input(Lake(), Assignment(Lake(), "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", ConnectorPrincipal())));
        yield return RuleCase.Fail("storage.connector-data-role", "granted to someone else", "not to an access connector's identity",
            () => Input(Lake(), Assignment(Lake(), AzureRoleDefinitions.StorageBlobDataContributor, "11111111-1111-1111-1111-111111111111")));

        yield return RuleCase.Pass("storage.firewall-admits-connector", "resource instance rule", () => Input(Lake()));
        yield return RuleCase.Fail("storage.firewall-admits-connector", "no resource access rules", "no resource access rule",
            () => Input(Lake().With("properties.networkAcls.resourceAccessRules", new JsonArray())));

        yield return RuleCase.Pass("network.databricks-egress", "NAT gateway with a static IP", () => Input(NatVnet(), Nat(), PublicIp("Static")));
        yield return RuleCase.Pass("network.databricks-egress", "route to a firewall", () => Input(FirewallVnet(), RouteTable("VirtualAppliance")));
        yield return RuleCase.Fail("network.databricks-egress", "no egress", "no NAT gateway and no route table", () => Input(Vnet("")));
        yield return RuleCase.Fail("network.databricks-egress", "dynamic public IP", "has no Standard static public IP", () => Input(NatVnet(), Nat(), PublicIp("Dynamic")));
        yield return RuleCase.Fail("network.databricks-egress", "route to the internet", "no 0.0.0.0/0 route to a virtual appliance",
            () => Input(FirewallVnet(), RouteTable("Internet")));

        yield return RuleCase.Pass("keyvault.databricks-reader", "secrets user for the AzureDatabricks principal",
            () => Input(Vault(), Assignment(Vault(), AzureRoleDefinitions.KeyVaultSecretsUser, Environment().Databricks.AzureDatabricksObjectId)));
        yield return RuleCase.Fail("keyvault.databricks-reader", "no grant", "no Key Vault Secrets User assignment", () => Input(Vault()));
        yield return RuleCase.Fail("keyvault.databricks-reader", "granted to another principal", "not to the AzureDatabricks service principal",
            () => Input(Vault(), Assignment(Vault(), AzureRoleDefinitions.KeyVaultSecretsUser, "11111111-1111-1111-1111-111111111111")));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static JsonObject Workspace() => Resource("Microsoft.Databricks/workspaces", "dbw", """{"sku": {"name": "premium"}}""");

    private static JsonObject AccessConnector() => Resource("Microsoft.Databricks/accessConnectors", Connector, """{"identity": {"type": "SystemAssigned"}, "properties": {}}""");

    /// <summary>The principal as the snapshot shows a connector's system-assigned identity: a template expression.</summary>
    private static string ConnectorPrincipal() => $"[reference('{Id("Microsoft.Databricks/accessConnectors", Connector)}', '2026-01-01', 'full').identity.principalId]";

    private static JsonObject Lake() => Resource("Microsoft.Storage/storageAccounts", "lake", Fill("""
        {"properties": {"networkAcls": {"defaultAction": "Deny", "resourceAccessRules": [{"tenantId": "t", "resourceId": "@0@"}]}}}
        """, Id("Microsoft.Databricks/accessConnectors", Connector)));

    private static JsonObject Vault() => Resource("Microsoft.KeyVault/vaults", "kv", """{"properties": {"enableRbacAuthorization": true}}""");

    private static JsonObject Assignment(JsonObject scope, string role, string principal) =>
        Extension(scope, "Microsoft.Authorization/roleAssignments", "a1", Fill("""
            {"properties": {"principalId": "@0@", "principalType": "ServicePrincipal",
             "roleDefinitionId": "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/@1@"}}
            """, principal, role));

    private static JsonObject Vnet(string egress)
    {
        var subnet = Fill("""
            {"name": "@name@", "properties": {"addressPrefix": "10.0.0.0/26",
             "delegations": [{"name": "delegation", "properties": {"serviceName": "Microsoft.Databricks/workspaces"}}]@0@}}
            """, egress);
        return Resource("Microsoft.Network/virtualNetworks", "vnet", Fill("""{"properties": {"subnets": [@0@, @1@]}}""", subnet.Replace("@name@", "host"), subnet.Replace("@name@", "container")));
    }

    private static JsonObject NatVnet() => Vnet(Fill(""", "natGateway": {"id": "@0@"}""", Id("Microsoft.Network/natGateways", "nat")));

    private static JsonObject FirewallVnet() => Vnet(Fill(""", "routeTable": {"id": "@0@"}""", Id("Microsoft.Network/routeTables", "rt")));

    private static JsonObject Nat() => Resource("Microsoft.Network/natGateways", "nat", Fill("""
        {"sku": {"name": "Standard"}, "properties": {"publicIpAddresses": [{"id": "@0@"}]}}
        """, Id("Microsoft.Network/publicIPAddresses", "pip")));

    private static JsonObject PublicIp(string allocation) => Resource("Microsoft.Network/publicIPAddresses", "pip",
        Fill("""{"sku": {"name": "Standard"}, "properties": {"publicIPAllocationMethod": "@0@"}}""", allocation));

    private static JsonObject RouteTable(string nextHopType) => Resource("Microsoft.Network/routeTables", "rt", Fill("""
        {"properties": {"routes": [{"name": "to-firewall", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "@0@", "nextHopIpAddress": "10.100.0.4"}}]}}
        """, nextHopType));
}
