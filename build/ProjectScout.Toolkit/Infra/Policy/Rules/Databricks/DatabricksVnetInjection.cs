using System.Text.Json.Nodes;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Environments;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Both workspace subnets exist in the deployment's VNet, delegated to Databricks, with an NSG, and hold /26 or more.</summary>
public sealed class DatabricksVnetInjection() : PolicyRuleBase("databricks.vnet-injection", WafPillar.Security, "VNet-injected into delegated subnets with NSGs, /26 or larger")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var workspace in input.OfType(DatabricksWorkspaces.Name))
        {
            if (KeptByAdoption(input, workspace, input.Environment.Names.DatabricksWorkspace, "properties.parameters.customVirtualNetworkId", KeptSettings.NoVnetInjection) is { } kept)
            {
                yield return kept;
                continue;
            }

            var vnetId = Str(workspace.Get("properties.parameters.customVirtualNetworkId.value"));
            var vnet = input.OfType(VirtualNetworks.Name).FirstOrDefault(v => string.Equals(v.Id, vnetId, StringComparison.OrdinalIgnoreCase));
            foreach (var key in new[] { "customPublicSubnetName", "customPrivateSubnetName" })
            {
                var subnetName = Str(workspace.Get($"properties.parameters.{key}.value"));
                var property = $"properties.parameters.{key}";
                if (vnetId.Length == 0 || subnetName.Length == 0)
                {
                    yield return Result(workspace, property, false, "not VNet-injected; set customVirtualNetworkId and both subnet names at creation");
                    continue;
                }

                var subnet = vnet?.Get("properties.subnets")?.AsArray().OfType<JsonObject>().FirstOrDefault(s => Str(s["name"]) == subnetName);
                if (subnet is null)
                {
                    yield return Result(workspace, property, false, $"subnet '{subnetName}' is not declared in the VNet of the deployment");
                    continue;
                }

                var problems = Problems(subnet, out var prefix);
                yield return Result(workspace, property, problems.Count == 0,
                    problems.Count == 0 ? $"subnet '{subnetName}' ({prefix}) delegated, with NSG" : $"subnet '{subnetName}' {string.Join(", ", problems)}");
            }
        }
    }

    private static List<string> Problems(JsonObject subnet, out string prefix)
    {
        var problems = new List<string>();
        if (!(Get(subnet, "properties.delegations")?.AsArray().Any(d => GetString(d, "properties.serviceName") == DatabricksWorkspaces.Name) ?? false))
        {
            problems.Add($"not delegated to {DatabricksWorkspaces.Name}");
        }

        if (GetString(subnet, "properties.networkSecurityGroup.id").Length == 0)
        {
            problems.Add("has no NSG");
        }

        prefix = GetString(subnet, "properties.addressPrefix");
        if (!Ipv4Cidr.TryParse(prefix, out var cidr, out _) || cidr.PrefixLength > 26)
        {
            problems.Add($"prefix {prefix} is smaller than /26");
        }

        return problems;
    }
}
