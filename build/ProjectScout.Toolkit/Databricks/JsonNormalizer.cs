using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Json;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>
/// Brings desired and live Databricks JSON to one canonical form so that a plan shows only real differences:
/// server defaults and empty values dropped, unordered lists sorted (compared as sets), object keys sorted.
/// </summary>
public static class JsonNormalizer
{
    /// <summary>Values the Jobs / Clusters API fills in when they are not sent (dropped on both sides).</summary>
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["format"] = "MULTI_TASK",
        ["run_if"] = "ALL_SUCCESS",
        ["source"] = "WORKSPACE",
        ["edit_mode"] = "EDITABLE",
        ["pause_status"] = "UNPAUSED",
        ["max_concurrent_runs"] = "1",
    };

    /// <summary>Fields the service fills in on its own (owner, queueing, policy bookkeeping); ignored when the desired side does not set them.</summary>
    public static readonly IReadOnlySet<string> ServerFilled = new HashSet<string>(StringComparer.Ordinal)
    {
        "run_as", "queue", "edit_mode", "format", "deployment", "budget_policy_id", "usage_policy_id",
        "effective_budget_policy_id", "effective_usage_policy_id", "performance_target", "creator_user_name",
    };

    /// <summary>Lists whose order is meaningful (command-line arguments, init scripts run in order).</summary>
    private static readonly HashSet<string> Ordered = new(StringComparer.Ordinal)
    {
        "python_params", "jar_params", "spark_submit_params", "commands", "init_scripts", "args",
    };

    public static JsonNode? Normalize(JsonNode? node, string? key = null)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var normalized = Normalize(value, name);
                    if (!IsEmptyOrDefault(name, normalized))
                    {
                        result[name] = normalized;
                    }
                }

                // Queueing is on by default for jobs created through API 2.2.
                if (key == "queue" && result.Count == 1 && result["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && on)
                {
                    return null;
                }

                return result;
            }

            case JsonArray array:
            {
                var items = array.Select(item => Normalize(item)).Where(item => item is not null).ToList();
                if (key is null || !Ordered.Contains(key))
                {
                    items = items.OrderBy(Canonical, StringComparer.Ordinal).ToList();
                }

                return new JsonArray(items.ToArray());
            }

            case null:
                return null;

            default:
                return node.DeepClone();
        }
    }

    private static bool IsEmptyOrDefault(string name, JsonNode? value) => value switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() == "0" => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0 => true,
        JsonValue v => Defaults.TryGetValue(name, out var d) && (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) == d,
        _ => false,
    };

    /// <summary>Compact JSON with sorted keys: equal meaning gives equal text (the sort key of unordered lists).</summary>
    public static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(node, builder);
        return builder.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",").Append(JsonSerializer.Serialize(name)).Append(':');
                    Write(value, builder);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Write(array[i], builder);
                }

                builder.Append(']');
                break;
            case null:
                builder.Append("null");
                break;
            default:
                builder.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>
    /// The top-level fields whose normalised values differ (desired first). Fields the server fills in are ignored
    /// unless the desired side sets them.
    /// </summary>
    public static IReadOnlyList<string> DifferingFields(JsonObject desired, JsonObject live)
    {
        var d = (JsonObject)Normalize(desired)!;
        return JsonDiff.Compare(d, Normalize(live))
            .Select(change => change.Segments[0].Property!)
            .Where(name => d.ContainsKey(name) || !ServerFilled.Contains(name))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Every differing leaf as old (live) → new (desired), with the same normalisation and server-filled rule as
    /// <see cref="DifferingFields"/>.
    /// </summary>
    public static IReadOnlyList<Deployment.AttributeChange> Differences(JsonObject desired, JsonObject live)
    {
        var d = (JsonObject)Normalize(desired)!;
        return JsonDiff.Compare(Normalize(live), d)
            .Where(change => d.ContainsKey(change.Segments[0].Property!) || !ServerFilled.Contains(change.Segments[0].Property!))
            .Select(change => Deployment.AttributeChange.From(JsonDiff.Format(change.Segments), Raw(live, change.Segments) ?? change.Before, Raw(desired, change.Segments) ?? change.After))
            .ToList();
    }

    /// <summary>
    /// The value as written (a dropped default such as max_concurrent_runs: 1 shows as 1, not absent), for a path
    /// without list indexes (lists are compared sorted, so an index names the sorted element).
    /// </summary>
    private static JsonNode? Raw(JsonNode? document, IReadOnlyList<JsonPathSegment> segments)
    {
        foreach (var segment in segments)
        {
            if (segment.IsIndex || document is not JsonObject obj || !obj.TryGetPropertyValue(segment.Property!, out document))
            {
                return null;
            }
        }

        return document;
    }

    /// <summary>12 hex characters of the SHA-256 of the normalised document: equal meaning, equal hash.</summary>
    public static string ContentHash(JsonNode? node) => IO.GeneratedFiles.Sha256(Canonical(Normalize(node)))[..12];

    /// <summary>Whether two documents mean the same once both are normalised.</summary>
    public static bool SameMeaning(JsonNode? a, JsonNode? b) => JsonDiff.Compare(Normalize(a), Normalize(b)).Count == 0;

    /// <summary>Notebook content as the workspace round-trips it: LF line ends, no trailing blank lines.</summary>
    public static string NotebookHash(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content).Replace("\r\n", "\n").TrimEnd('\n', ' ', '\t');
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return IO.GeneratedFiles.Sha256(text);
    }
}
