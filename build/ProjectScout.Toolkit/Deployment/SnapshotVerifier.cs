using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Arm;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Post-deployment check of the ARM side: every resource the Bicep snapshot predicts exists, with its declared key
/// properties (location, sku, kind and the scalar properties the template sets). Values the snapshot could not
/// evaluate offline ("[reference(...)]") are skipped.
/// </summary>
public static class SnapshotVerifier
{
    private const int MaxDepth = 4;

    public static async Task<IReadOnlyList<string>> VerifyAsync(ArmClient arm, IReadOnlyList<PredictedResource> predicted, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var resource in predicted.Where(r => !r.IsUnresolved))
        {
            if (resource.ApiVersion.Length == 0)
            {
                problems.Add($"{resource.Id}: no apiVersion in the snapshot or template to read it with");
                continue;
            }

            var live = await arm.GetResourceAsync(resource.Id, resource.ApiVersion, ct);
            if (live is null)
            {
                problems.Add($"{resource.Id}: missing");
                continue;
            }

            problems.AddRange(Compare(resource.Body, live).Select(p => $"{resource.Id}: {p}"));
        }

        return problems;
    }

    /// <summary>The declared key properties that differ (path: expected vs actual).</summary>
    public static IReadOnlyList<string> Compare(JsonObject predicted, JsonObject live)
    {
        var differences = new List<string>();
        foreach (var key in new[] { "location", "kind" })
        {
            if (predicted[key] is JsonValue expected && !Same(expected, live[key]))
            {
                differences.Add($"{key} is {Text(live[key])}, expected {Text(expected)}");
            }
        }

        Walk(predicted["sku"], live["sku"], "sku", differences, 1);
        Walk(predicted["properties"], live["properties"], "properties", differences, 1);
        return differences;
    }

    private static void Walk(JsonNode? expected, JsonNode? actual, string path, List<string> differences, int depth)
    {
        switch (expected)
        {
            case JsonObject obj when depth <= MaxDepth:
                foreach (var (name, value) in obj)
                {
                    Walk(value, (actual as JsonObject)?[name], path + "." + name, differences, depth + 1);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().StartsWith('['):
                break; // an expression bicep snapshot could not evaluate offline
            case JsonValue when actual is JsonValue live && live.GetValueKind() == JsonValueKind.String && live.GetValue<string>().StartsWith('['):
                break; // Azure never returns an expression; a stand-in that could not evaluate one cannot be checked
            case JsonValue value when !Same(value, actual):
                differences.Add($"{path} is {Text(actual)}, expected {Text(value)}");
                break;
        }
    }

    private static bool Same(JsonValue expected, JsonNode? actual)
    {
        if (actual is not JsonValue live)
        {
            return false;
        }

        if (expected.GetValueKind() == JsonValueKind.String && live.GetValueKind() == JsonValueKind.String)
        {
            // ARM normalises casing of ids, locations and enum values.
            return string.Equals(Squash(expected.GetValue<string>()), Squash(live.GetValue<string>()), StringComparison.OrdinalIgnoreCase);
        }

        return expected.ToJsonString() == live.ToJsonString();
    }

    private static string Squash(string text) => text.Replace(" ", "", StringComparison.Ordinal);

    private static string Text(JsonNode? node) => node is null ? "absent" : node.ToJsonString();
}
