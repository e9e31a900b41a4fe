using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// The architecture document's infrastructure diagram, from the environment's snapshots and declarations only: the VNet
/// and its subnets with their egress (NAT gateway and its public IP, or the route table's default route to a firewall),
/// private endpoints, the workspace, storage and vault, the access connector with its data role and firewall rule, and
/// the Unity Catalog data path the deploy creates (credential → external locations → catalog → schemas).
/// </summary>
public static class InfrastructureDiagram
{
    private static readonly string VirtualNetworks = AzureResourceTypes.VirtualNetworks.Name;
    private static readonly string NatGateways = AzureResourceTypes.NatGateways.Name;
    private static readonly string RouteTables = AzureResourceTypes.RouteTables.Name;
    private static readonly string AccessConnectors = AzureResourceTypes.AccessConnectors.Name;
    private static readonly string RoleAssignments = AzureResourceTypes.RoleAssignments.Name;
    private static readonly string DatabricksWorkspaces = AzureResourceTypes.DatabricksWorkspaces.Name;

    public static string Render(LakehouseModel model)
    {
        var m = new StringBuilder("flowchart LR\n");
        var egress = new List<string>();
        foreach (var vnet in model.OfType(VirtualNetworks))
        {
            m.Append($"  subgraph {Id("vnet", vnet.Name)}[\"VNet {Label(vnet.Name)}\"]\n");
            foreach (var subnet in (vnet.Get("properties.subnets") as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = LayerFacts.Text(subnet["name"]);
                m.Append($"    {Id("subnet", name)}[\"{Label(name)}<br/>{Label(LayerFacts.Text(subnet["properties"]?["addressPrefix"]))}\"]\n");
                if (Last(LayerFacts.Text(subnet["properties"]?["natGateway"]?["id"])) is { Length: > 0 } nat)
                {
                    egress.Add($"  {Id("subnet", name)} -- egress --> {Id("nat", nat)}\n");
                }

                if (Last(LayerFacts.Text(subnet["properties"]?["routeTable"]?["id"])) is { Length: > 0 } routes)
                {
                    egress.Add($"  {Id("subnet", name)} -- egress --> {Id("rt", routes)}\n");
                }
            }

            m.Append("  end\n");
        }

        foreach (var nat in model.OfType(NatGateways))
        {
            var ips = (nat.Get("properties.publicIpAddresses") as JsonArray ?? []).Select(ip => Last(LayerFacts.Text(ip?["id"])));
            m.Append($"  {Id("nat", nat.Name)}[\"NAT gateway {Label(nat.Name)}<br/>static IP {Label(string.Join(", ", ips))}\"] --> internet([\"internet: SCC relay, LLM and JDBC hosts\"])\n");
        }

        foreach (var table in model.OfType(RouteTables))
        {
            var defaults = (table.Get("properties.routes") as JsonArray ?? []).OfType<JsonObject>()
                .Where(r => LayerFacts.Text(r["properties"]?["addressPrefix"]) == "0.0.0.0/0")
                .Select(r => $"{LayerFacts.Text(r["properties"]?["nextHopType"])} {LayerFacts.Text(r["properties"]?["nextHopIpAddress"])}".Trim());
            m.Append($"  {Id("rt", table.Name)}[\"route table {Label(table.Name)}<br/>0.0.0.0/0 → {Label(string.Join(", ", defaults))}\"] --> internet([\"internet: SCC relay, LLM and JDBC hosts\"])\n");
        }

        egress.ForEach(edge => m.Append(edge));
        var stores = model.OfType(LakehouseChecks.StorageAccounts).Concat(model.OfType(LakehouseChecks.KeyVaults)).ToList();
        foreach (var store in stores)
        {
            m.Append($"  {Id("res", store.Name)}[(\"{(store.Type == LakehouseChecks.KeyVaults ? "Key Vault" : "storage")} {Label(store.Name)}\")]\n");
        }

        PrivateEndpoints(m, model, stores);
        if (model.OfType(DatabricksWorkspaces).FirstOrDefault() is { } workspace)
        {
            m.Append($"  dbw[\"Databricks workspace {Label(workspace.Name)}\"]\n");
            foreach (var parameter in new[] { "customPublicSubnetName", "customPrivateSubnetName" })
            {
                if (LayerFacts.Text(workspace.Get($"properties.parameters.{parameter}.value")) is { Length: > 0 } subnet)
                {
                    m.Append($"  dbw -.- {Id("subnet", subnet)}\n");
                }
            }

            foreach (var vault in stores.Where(s => s.Type == LakehouseChecks.KeyVaults && Holds(model, s.Name, AzureRoleDefinitions.KeyVaultSecretsUser, principal: null)))
            {
                m.Append($"  dbw -- \"Key Vault Secrets User (AzureDatabricks)\" --> {Id("res", vault.Name)}\n");
            }
        }

        DataPath(m, model, stores);
        return m.ToString();
    }

    private static void PrivateEndpoints(StringBuilder m, LakehouseModel model, IReadOnlyList<SnapshotResource> stores)
    {
        foreach (var endpoint in model.OfType(LakehouseChecks.PrivateEndpoints))
        {
            var connection = (endpoint.Get("properties.privateLinkServiceConnections") as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault();
            var target = Last(LayerFacts.Text(connection?["properties"]?["privateLinkServiceId"]));
            var groups = string.Join(", ", (connection?["properties"]?["groupIds"] as JsonArray ?? []).Select(LayerFacts.Text));
            m.Append($"  {Id("pe", endpoint.Name)}{{{{\"private endpoint {Label(groups)}\"}}}}\n");
            if (Last(LayerFacts.Text(endpoint.Get("properties.subnet.id"))) is { Length: > 0 } subnet)
            {
                m.Append($"  {Id("subnet", subnet)} --- {Id("pe", endpoint.Name)}\n");
            }

            if (stores.Any(s => s.Name == target))
            {
                m.Append($"  {Id("pe", endpoint.Name)} --> {Id("res", target)}\n");
            }
        }
    }

    /// <summary>The connector with its data role and firewall rule, then the Unity Catalog objects on it, as the deploy creates them.</summary>
    private static void DataPath(StringBuilder m, LakehouseModel model, IReadOnlyList<SnapshotResource> stores)
    {
        var lake = stores.FirstOrDefault(s => s.Name == model.Environment.Names.StorageAccount);
        foreach (var connector in model.OfType(AccessConnectors))
        {
            var node = Id("ac", connector.Name);
            m.Append($"  {node}[\"access connector {Label(connector.Name)}<br/>system-assigned identity\"]\n");
            foreach (var store in stores.Where(s => Holds(model, s.Name, AzureRoleDefinitions.StorageBlobDataContributor, connector.Id)))
            {
                var admitted = (store.Get("properties.networkAcls.resourceAccessRules") as JsonArray ?? [])
                    .Any(r => string.Equals(LayerFacts.Text(r?["resourceId"]), connector.Id, StringComparison.OrdinalIgnoreCase));
                m.Append($"  {node} -- \"Storage Blob Data Contributor{(admitted ? "<br/>admitted by the firewall" : "")}\" --> {Id("res", store.Name)}\n");
            }
        }

        var uc = model.UnityCatalog;
        if (uc.Count == 0)
        {
            return;
        }

        m.Append("  subgraph uc[\"Unity Catalog (workspace plane)\"]\n");
        foreach (var credential in uc.StorageCredentials)
        {
            m.Append($"    {Id("cred", credential.Name)}[\"storage credential {Label(credential.Name)}\"]\n");
        }

        m.Append($"    uc_locations[\"external locations<br/>{Label(string.Join("<br/>", uc.ExternalLocations.Select(l => l.Name)))}\"]\n");
        foreach (var catalog in uc.Catalogs)
        {
            var schemas = uc.Schemas.Where(s => s.CatalogName == catalog.Name).Select(s => s.Name);
            m.Append($"    {Id("cat", catalog.Name)}[\"catalog {Label(catalog.Name)}<br/>ISOLATED, bound to the workspace\"]\n");
            // Three a line keeps the node narrow.
            m.Append($"    {Id("sch", catalog.Name)}[\"schemas{string.Concat(schemas.Chunk(3).Select(line => "<br/>" + Label(string.Join(", ", line))))}\"]\n");
            m.Append($"    uc_locations --> {Id("cat", catalog.Name)} --> {Id("sch", catalog.Name)}\n");
        }

        m.Append("  end\n");
        foreach (var credential in uc.StorageCredentials)
        {
            m.Append($"  {Id("cred", credential.Name)} --> uc_locations\n");
            foreach (var connector in model.OfType(AccessConnectors))
            {
                m.Append($"  {Id("ac", connector.Name)} --> {Id("cred", credential.Name)}\n");
            }
        }

        if (lake is not null)
        {
            m.Append($"  uc_locations -. \"one per layer container\" .-> {Id("res", lake.Name)}\n");
        }

        if (model.OfType(DatabricksWorkspaces).Any())
        {
            m.Append("  dbw --> uc\n");
        }
    }

    /// <summary>Whether a role assignment scoped to <paramref name="resource"/> gives <paramref name="role"/> (to the principal of <paramref name="principal"/>'s identity, when given).</summary>
    private static bool Holds(LakehouseModel model, string resource, string role, string? principal) =>
        model.OfType(RoleAssignments).Any(a =>
            a.Id.Contains("/" + resource + "/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase) &&
            LayerFacts.Text(a.Get("properties.roleDefinitionId")).EndsWith("/" + role, StringComparison.OrdinalIgnoreCase) &&
            (principal is null || LayerFacts.Text(a.Get("properties.principalId")).Contains(principal, StringComparison.OrdinalIgnoreCase)));

    private static string Last(string idOrName) => idOrName.Split('/').Last();

    private static string Id(string kind, string name) => kind + "_" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static string Label(string text) => text.Replace("\"", "#quot;");
}
