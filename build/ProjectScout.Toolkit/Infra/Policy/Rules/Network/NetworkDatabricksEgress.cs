using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// No-public-IP clusters need explicit outbound on both Databricks subnets (new VNets have no default outbound access):
/// a NAT gateway with a Standard static public IP, or a route table sending 0.0.0.0/0 to a firewall.
/// </summary>
public sealed class NetworkDatabricksEgress() : PolicyRuleBase("network.databricks-egress", WafPillar.Reliability, "Both Databricks subnets have egress (NAT gateway or firewall route)")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var vnet in input.OfType(VirtualNetworks.Name))
        {
            foreach (var subnet in vnet.Get("properties.subnets")?.AsArray().OfType<JsonObject>() ?? [])
            {
                var delegated = Get(subnet, "properties.delegations")?.AsArray().OfType<JsonObject>()
                    .Any(d => DatabricksWorkspaces.Is(GetString(d, "properties.serviceName"))) ?? false;
                if (delegated)
                {
                    var (passed, evidence) = Egress(input, subnet);
                    yield return Result(vnet, $"properties.subnets[{Str(subnet["name"])}].egress", passed, evidence);
                }
            }
        }
    }

    private static (bool Passed, string Evidence) Egress(PolicyInput input, JsonObject subnet)
    {
        var natId = GetString(subnet, "properties.natGateway.id");
        var routeTableId = GetString(subnet, "properties.routeTable.id");
        if (natId.Length > 0)
        {
            var nat = Find(input, NatGateways.Name, natId);
            var ips = nat?.Get("properties.publicIpAddresses")?.AsArray().OfType<JsonObject>()
                .Select(ip => Find(input, PublicIpAddresses.Name, GetString(ip, "id"))).ToList() ?? [];
            var staticIp = ips.FirstOrDefault(ip => ip is not null && Str(ip.Get("sku.name")) == "Standard" && Str(ip.Get("properties.publicIPAllocationMethod")) == "Static");
            return nat is null ? (false, $"NAT gateway {natId} is not declared by the deployment")
                : staticIp is null ? (false, $"NAT gateway {nat.Name} has no Standard static public IP")
                : (true, $"NAT gateway {nat.Name} with static public IP {staticIp.Name}");
        }

        if (routeTableId.Length > 0)
        {
            var table = Find(input, RouteTables.Name, routeTableId);
            var route = table?.Get("properties.routes")?.AsArray().OfType<JsonObject>().FirstOrDefault(r =>
                GetString(r, "properties.addressPrefix") == "0.0.0.0/0" && GetString(r, "properties.nextHopType") == "VirtualAppliance"
                && GetString(r, "properties.nextHopIpAddress").Length > 0);
            return table is null ? (false, $"route table {routeTableId} is not declared by the deployment")
                : route is null ? (false, $"route table {table.Name} has no 0.0.0.0/0 route to a virtual appliance (firewall)")
                : (true, $"route table {table.Name}: 0.0.0.0/0 to firewall {GetString(route, "properties.nextHopIpAddress")}");
        }

        return (false, "no NAT gateway and no route table; clusters without public IPs cannot reach the SCC relay (BOOTSTRAP_TIMEOUT)");
    }

    private static SnapshotResource? Find(PolicyInput input, string type, string id) =>
        input.OfType(type).FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}
