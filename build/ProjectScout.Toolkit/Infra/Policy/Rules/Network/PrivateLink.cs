using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Private endpoints and privatelink DNS zones as the storage, Key Vault and network rules read them.</summary>
public static partial class PrivateLink
{
    /// <summary>Private endpoints to <paramref name="targetId"/> for <paramref name="groupId"/> whose zone group names a VNet-linked zone starting with <paramref name="zonePrefix"/>.</summary>
    public static (bool Found, string Evidence) Endpoint(PolicyInput input, string targetId, string groupId, string zonePrefix)
    {
        var endpoints = input.OfType(PrivateEndpoints.Name).Where(pe =>
            pe.Get("properties.privateLinkServiceConnections")?.AsArray().OfType<JsonObject>().Any(c =>
                string.Equals(GetString(c, "properties.privateLinkServiceId"), targetId, StringComparison.OrdinalIgnoreCase)
                && (Get(c, "properties.groupIds")?.AsArray().Any(g => string.Equals(Str(g), groupId, StringComparison.OrdinalIgnoreCase)) ?? false)) ?? false).ToList();
        if (endpoints.Count == 0)
        {
            return (false, $"no private endpoint with group '{groupId}'");
        }

        var zones = input.OfType(PrivateDnsZones.Name).ToList();
        foreach (var endpoint in endpoints)
        {
            var zoneIds = input.Under(endpoint, PrivateDnsZoneGroups.Name)
                .SelectMany(g => g.Get("properties.privateDnsZoneConfigs")?.AsArray().OfType<JsonObject>().Select(c => GetString(c, "properties.privateDnsZoneId")) ?? [])
                .ToList();
            foreach (var zoneId in zoneIds)
            {
                // bicep snapshot leaves environment() unevaluated, so zone ids built from environment().suffixes stay
                // expressions; match them by their literal privatelink.<service>. part instead of the full id.
                var zone = zones.FirstOrDefault(z => string.Equals(z.Id, zoneId, StringComparison.OrdinalIgnoreCase))
                           ?? zones.FirstOrDefault(z => ZoneKey(z.Name) is { } key && ZoneKey(zoneId) == key);
                var zoneName = zone?.Name ?? zoneId;
                if (zoneName.Contains(zonePrefix, StringComparison.OrdinalIgnoreCase) && zone is not null && Linked(input, zone))
                {
                    return (true, $"private endpoint '{endpoint.Name}' registered in linked zone '{ZoneKey(zoneName) ?? zoneName}*'");
                }
            }

            if (zoneIds.Count == 0)
            {
                return (false, $"private endpoint '{endpoint.Name}' has no privatelink DNS zone group");
            }
        }

        return (false, $"private endpoint '{endpoints[0].Name}' is not registered in a VNet-linked '{zonePrefix}*' zone");
    }

    /// <summary>Whether a virtual network link of the deployment links <paramref name="zone"/> to a VNet.</summary>
    public static bool Linked(PolicyInput input, SnapshotResource zone) =>
        input.OfType(PrivateDnsZoneLinks.Name).Any(l =>
            (l.Id.StartsWith(zone.Id + "/", StringComparison.OrdinalIgnoreCase) || (ZoneKey(zone.Name) is { } key && ZoneKey(l.Name) == key))
            && GetString(l.Body, "properties.virtualNetwork.id").Length > 0);

    /// <summary>The literal <c>privatelink.&lt;service&gt;.</c> part of a zone name, id or expression.</summary>
    private static string? ZoneKey(string text)
    {
        var match = PrivateLinkZone().Match(text);
        return match.Success ? match.Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"privatelink\.[A-Za-z0-9-]+\.")]
    private static partial Regex PrivateLinkZone();
}
