using System.Globalization;
using System.Text.Json.Nodes;

namespace ProjectScout.Model.Json;

/// <summary>
/// Reads a dotted path (<c>properties.networkAcls.defaultAction</c>) from a JSON node: each segment names an object
/// property, or indexes an array when it is a number (<c>properties.subnets.0.name</c>). A missing step gives null.
/// </summary>
public static class JsonPath
{
    /// <summary>The node at <paramref name="path"/>, or null when any step is missing.</summary>
    public static JsonNode? Get(JsonNode? node, string path)
    {
        if (path.Length == 0)
        {
            return node;
        }

        foreach (var segment in path.Split('.'))
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var next) ? next : null,
                JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>
    /// The value of a map-keyed attribute: for a path under one of <paramref name="maps"/> (e.g. <c>spark_conf</c>) the
    /// whole remainder is ONE key (<c>spark_conf.spark.sql.x</c> → spark_conf["spark.sql.x"]); other segments are dotted.
    /// </summary>
    public static JsonNode? GetWithMapKeys(JsonNode? node, string path, IReadOnlyCollection<string> maps)
    {
        var dot = path.IndexOf('.');
        while (dot >= 0)
        {
            var head = path[..dot];
            var rest = path[(dot + 1)..];
            if (maps.Contains(head))
            {
                return (node as JsonObject)?[head] is JsonObject map && map.TryGetPropertyValue(rest, out var value) ? value : null;
            }

            node = node is JsonObject obj && obj.TryGetPropertyValue(head, out var next) ? next : null;
            if (node is null)
            {
                return null;
            }

            path = rest;
            dot = path.IndexOf('.');
        }

        return node is JsonObject last && last.TryGetPropertyValue(path, out var leaf) ? leaf : null;
    }

    /// <summary>The string at <paramref name="path"/>, or empty when absent or not a string.</summary>
    public static string GetString(JsonNode? node, string path) => Str(Get(node, path));

    /// <summary>The node as a string, or empty when it is absent or not a string.</summary>
    public static string Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;

    /// <summary>Whether the node is the JSON literal true.</summary>
    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// <summary>How a value reads in a message: strings bare, other JSON as JSON, absent as "(not set)".</summary>
    public static string Show(JsonNode? node) => node switch
    {
        null => "(not set)",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };
}
