using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class NetworkDnsZoneLinked() : PolicyRuleBase("network.dns-zone-linked", WafPillar.Security, "Every privatelink zone is linked to a VNet")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(PrivateDnsZones.Name).Select(zone => PrivateLink.Linked(input, zone)
            ? Result(zone, "virtualNetworkLinks", true, "linked to a VNet")
            : Result(zone, "virtualNetworkLinks", false, "no VNet link; private endpoints would not resolve privately"));
}
