using System.Text;
using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Infra;

/// <summary>
/// A readable, what-if-style difference between two snapshots: resources added (+), removed (-) and changed (~) by
/// resource id, with each changed property path and its old and new value.
/// </summary>
public static class SnapshotDiff
{
    /// <summary>Empty when the predicted resources and outputs are equal; otherwise one line per difference.</summary>
    public static string Describe(string expectedJson, string actualJson, int maxLines = 60)
    {
        var expected = Index(JsonNode.Parse(expectedJson));
        var actual = Index(JsonNode.Parse(actualJson));
        var lines = new List<string>();
        foreach (var id in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var had = expected.TryGetValue(id, out var before);
            var has = actual.TryGetValue(id, out var after);
            if (!had)
            {
                lines.Add($"+ {id}");
            }
            else if (!has)
            {
                lines.Add($"- {id}");
            }
            else
            {
                var changes = new List<string>();
                Compare(before, after, string.Empty, changes);
                if (changes.Count > 0)
                {
                    lines.Add($"~ {id}");
                    lines.AddRange(changes.Select(c => "    " + c));
                }
            }
        }

        if (lines.Count > maxLines)
        {
            var more = lines.Count - maxLines;
            lines = lines.Take(maxLines).Append($"... and {more} more lines").ToList();
        }

        return string.Join("\n", lines);
    }

    private static Dictionary<string, JsonNode?> Index(JsonNode? snapshot)
    {
        var index = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var resource in snapshot?["predictedResources"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var key = ((string?)resource["id"] ?? "(no id)") + (index.ContainsKey((string?)resource["id"] ?? "(no id)") ? $" #{index.Count}" : string.Empty);
            index[key] = resource;
        }

        if (snapshot?["outputs"] is JsonObject outputs)
        {
            index["outputs"] = outputs;
        }

        return index;
    }

    private static void Compare(JsonNode? before, JsonNode? after, string path, List<string> changes)
    {
        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Compare(a[key], b[key], path.Length == 0 ? key : $"{path}.{key}", changes);
                }

                break;
            case (JsonArray a, JsonArray b) when a.Count == b.Count:
                for (var i = 0; i < a.Count; i++)
                {
                    Compare(a[i], b[i], $"{path}[{i}]", changes);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    changes.Add($"{path}: {Show(before)} => {Show(after)}");
                }

                break;
        }
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
