using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Subnets declared inline in a VNet or as child resources; an inline subnet's NSG must be one the deployment declares.</summary>
public sealed class NetworkSubnetNsg() : PolicyRuleBase("network.subnet-nsg", WafPillar.Security, "Every subnet has an NSG")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var nsgIds = input.OfType(NetworkSecurityGroups.Name).Select(n => n.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var vnet in input.OfType(VirtualNetworks.Name))
        {
            foreach (var subnet in vnet.Get("properties.subnets")?.AsArray().OfType<JsonObject>() ?? [])
            {
                var nsg = GetString(subnet, "properties.networkSecurityGroup.id");
                var passed = nsg.Length > 0 && nsgIds.Contains(nsg);
                yield return Result(vnet, $"properties.subnets[{Str(subnet["name"])}].networkSecurityGroup", passed,
                    passed ? $"NSG {nsg.Split('/')[^1]}" : nsg.Length == 0 ? "no NSG; every subnet needs one" : $"NSG {nsg} is not declared by the deployment");
            }
        }

        foreach (var subnet in input.OfType(Subnets.Name))
        {
            var nsg = Str(subnet.Get("properties.networkSecurityGroup.id"));
            yield return Result(subnet, "properties.networkSecurityGroup", nsg.Length > 0, nsg.Length > 0 ? $"NSG {nsg.Split('/')[^1]}" : "no NSG; every subnet needs one");
        }
    }
}
