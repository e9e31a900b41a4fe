using System.Text.Json.Nodes;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Lakehouse;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>Small resource fragments for rule tests: JSON with an ARM type, name and id, in an input around the real sandbox environment.</summary>
internal static class Fragment
{
    public const string Group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";

    /// <summary>The repository's lakehouse declaration (layers, gates, served layers).</summary>
    public static LakehouseDeclaration Declaration() => LakehouseLoader.Load(Repository.Layout);

    /// <summary>A fresh sandbox environment (tests change it freely).</summary>
    public static EnvironmentDefinition Environment() => new EnvironmentCatalog(Repository.Layout.Environments).Load("sandbox");

    /// <summary>A resource of <paramref name="type"/> named <paramref name="name"/> (child names joined by '/').</summary>
    public static JsonObject Resource(string type, string name, string json = "{}", string? id = null)
    {
        var resource = JsonNode.Parse(json)!.AsObject();
        resource["type"] = type;
        resource["name"] = name;
        resource["id"] = id ?? Id(type, name);
        return resource;
    }

    /// <summary>An extension resource (diagnostic setting, lock) on <paramref name="target"/>.</summary>
    public static JsonObject Extension(JsonObject target, string type, string name, string json = "{}") =>
        Resource(type, name, json, $"{(string)target["id"]!}/providers/{type}/{name}");

    /// <summary>The JSON text with @0@, @1@, … replaced by the values (JSON braces make interpolated raw strings unreadable).</summary>
    public static string Fill(string json, params string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            json = json.Replace($"@{i}@", values[i], StringComparison.Ordinal);
        }

        return json;
    }

    public static string Id(string type, string name)
    {
        var types = type.Split('/');
        var names = name.Split('/');
        return $"{Group}/providers/{types[0]}/" + string.Join("/", types.Skip(1).Zip(names, (t, n) => $"{t}/{n}"));
    }

    public static PolicyInput Input(params JsonObject[] resources) => Input(Environment(), resources);

    public static PolicyInput Input(EnvironmentDefinition environment, params JsonObject[] resources) => new()
    {
        Environment = environment,
        Lakehouse = Declaration(),
        Lake = new LakeLayout(["tables", "raw", "logs"], ["tables"], ["logs"]),
        SnapshotPhases = [1],
        Resources = resources.Select(r => SnapshotResource.From(1, r)).ToList(),
    };

    /// <summary>Sets (or, for null, removes) the value at a dotted path, creating objects on the way; returns the resource.</summary>
    public static JsonObject With(this JsonObject resource, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = resource;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject next)
            {
                next = new JsonObject();
                node[part] = next;
            }

            node = next;
        }

        if (value is null)
        {
            node.Remove(parts[^1]);
        }
        else
        {
            node[parts[^1]] = value;
        }

        return resource;
    }

    /// <summary>A private endpoint to <paramref name="target"/> for <paramref name="group"/>, its zone group, the zone and (when linked) the zone's VNet link.</summary>
    public static JsonObject[] PrivateEndpoint(JsonObject target, string group, string zone, bool linked = true)
    {
        var endpoint = Resource("Microsoft.Network/privateEndpoints", $"pe-{group}", Fill("""
            {"properties": {"privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "@0@", "groupIds": ["@1@"]}}]}}
            """, (string)target["id"]!, group));
        var dnsZone = Resource("Microsoft.Network/privateDnsZones", zone);
        var zoneGroup = Resource("Microsoft.Network/privateEndpoints/privateDnsZoneGroups", $"pe-{group}/default", Fill("""
            {"properties": {"privateDnsZoneConfigs": [{"properties": {"privateDnsZoneId": "@0@"}}]}}
            """, (string)dnsZone["id"]!));
        var link = Resource("Microsoft.Network/privateDnsZones/virtualNetworkLinks", $"{zone}/link", Fill("""
            {"properties": {"virtualNetwork": {"id": "@0@"}}}
            """, Id("Microsoft.Network/virtualNetworks", "vnet")));
        return linked ? [endpoint, zoneGroup, dnsZone, link] : [endpoint, zoneGroup, dnsZone];
    }
}
