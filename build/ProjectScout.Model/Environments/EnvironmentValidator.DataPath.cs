using System.Net;
using System.Net.Sockets;

namespace ProjectScout.Model.Environments;

/// <summary>The settings of the data path: the Databricks subnets' egress and the AzureDatabricks principal the vault grants.</summary>
internal sealed partial class EnvironmentValidator
{
    private void DataPath()
    {
        var egress = env.Network.Egress;
        if (Required("network.egress.mode", egress.Mode) && !EgressSettings.Modes.Contains(egress.Mode))
        {
            Add("network.egress.mode", "env.egress", $"'{egress.Mode}' is not an egress mode; use {string.Join(" or ", EgressSettings.Modes)}.");
        }
        else if (egress.Mode == EgressSettings.Firewall)
        {
            if (Required("network.egress.firewallIp", egress.FirewallIp)
                && (!IPAddress.TryParse(egress.FirewallIp, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || egress.FirewallIp.Split('.').Length != 4))
            {
                Add("network.egress.firewallIp", "env.egress", $"'{egress.FirewallIp}' is not an IPv4 address; give the firewall's private IP (the next hop of 0.0.0.0/0).");
            }
        }
        else if (egress.Mode == EgressSettings.NatGateway && egress.FirewallIp.Length > 0)
        {
            Add("network.egress.firewallIp", "env.egress", "firewallIp is set but network.egress.mode is natGateway; remove it, or set mode to firewall.");
        }

        var objectId = env.Databricks.AzureDatabricksObjectId;
        if (Required("databricks.azureDatabricksObjectId", objectId) && !System.Guid.TryParseExact(objectId, "D", out _))
        {
            Add("databricks.azureDatabricksObjectId", "env.guid",
                $"'{objectId}' is not a GUID: give the object id of the AzureDatabricks service principal in this tenant (az ad sp show --id {ProjectScout.Model.Azure.AzureRoleDefinitions.AzureDatabricksApplicationId} --query id -o tsv).");
        }
    }
}
