using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Json;

namespace ProjectScout.Toolkit.Infra;

/// <summary>
/// A readable, what-if-style difference between two snapshots: resources added (+), removed (-) and changed (~) by
/// resource id, with each changed property path and its old and new value (<see cref="JsonDiff"/>).
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
                var changes = JsonDiff.Compare(before, after);
                if (changes.Count > 0)
                {
                    lines.Add($"~ {id}");
                    lines.AddRange(changes.Select(c => $"    {c.Path}: {Show(c.Before)} => {Show(c.After)}"));
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

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
