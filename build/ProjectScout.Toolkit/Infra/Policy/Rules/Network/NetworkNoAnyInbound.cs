using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class NetworkNoAnyInbound() : PolicyRuleBase("network.no-any-inbound", WafPillar.Security, "No NSG rule allows inbound traffic from any source")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var nsg in input.OfType(NetworkSecurityGroups.Name))
        {
            var open = (nsg.Get("properties.securityRules")?.AsArray().OfType<JsonObject>() ?? [])
                .Where(r => GetString(r, "properties.direction") == "Inbound" && GetString(r, "properties.access") == "Allow"
                            && GetString(r, "properties.sourceAddressPrefix") is "*" or "Internet" or "0.0.0.0/0" or "Any")
                .Select(r => Str(r["name"])).ToList();
            yield return Result(nsg, "properties.securityRules", open.Count == 0,
                open.Count == 0 ? "no inbound allow rule from any source" : $"rules {string.Join(", ", open)} allow inbound from any source");
        }
    }
}
