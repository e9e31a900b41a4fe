using System.Text.Json.Nodes;
using System.Text.Json;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Json;
using ProjectScout.Toolkit.Arm;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Post-deployment check of the ARM side: every resource the Bicep snapshot predicts exists, with its declared key
/// properties (location, sku, kind and the scalar properties the template sets). Values the snapshot could not
/// evaluate offline ("[reference(...)]") are skipped. The comparison is the model's one JSON diff.
/// </summary>
public static class SnapshotVerifier
{
    /// <summary>Objects below this many levels (sku and properties are level 1) are not descended into.</summary>
    private const int MaxDepth = 4;

    private static readonly JsonDiffOptions Options = new() { IgnoreAdded = true, LeafEquals = Same };

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
    public static IReadOnlyList<string> Compare(JsonObject predicted, JsonObject live) =>
        JsonDiff.Compare(Declared(predicted), live, Options)
            .Select(c => $"{c.Path} is {Text(c.After)}, expected {Text(c.Before)}")
            .ToList();

    /// <summary>What is checked: location and kind, and the scalars under sku and properties to <see cref="MaxDepth"/> levels, expressions left out.</summary>
    private static JsonObject Declared(JsonObject predicted)
    {
        var declared = new JsonObject();
        foreach (var key in new[] { "location", "kind" })
        {
            if (predicted[key] is JsonValue value && !IsExpression(value))
            {
                declared[key] = value.DeepClone();
            }
        }

        foreach (var key in new[] { "sku", "properties" })
        {
            if (predicted[key] is JsonObject section && Scalars(section, depth: 1) is { Count: > 0 } kept)
            {
                declared[key] = kept;
            }
        }

        return declared;
    }

    private static JsonObject Scalars(JsonObject section, int depth)
    {
        var kept = new JsonObject();
        foreach (var (name, value) in section)
        {
            switch (value)
            {
                case JsonObject child when depth < MaxDepth && Scalars(child, depth + 1) is { Count: > 0 } nested:
                    kept[name] = nested;
                    break;
                case JsonValue scalar when !IsExpression(scalar):
                    kept[name] = scalar.DeepClone();
                    break;
            }
        }

        return kept;
    }

    private static bool IsExpression(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().StartsWith('[');

    private static bool Same(JsonNode? expected, JsonNode? actual)
    {
        if (IsExpression(actual))
        {
            return true; // Azure never returns an expression; a stand-in that could not evaluate one cannot be checked
        }

        if (expected is not JsonValue wanted || actual is not JsonValue live)
        {
            return false;
        }

        if (wanted.GetValueKind() == JsonValueKind.String && live.GetValueKind() == JsonValueKind.String)
        {
            // ARM normalises casing of ids, locations and enum values.
            return string.Equals(Squash(wanted.GetValue<string>()), Squash(live.GetValue<string>()), StringComparison.OrdinalIgnoreCase);
        }

        return wanted.ToJsonString() == live.ToJsonString();
    }

    private static string Squash(string text) => text.Replace(" ", "", StringComparison.Ordinal);

    private static string Text(JsonNode? node) => node is null ? "absent" : node.ToJsonString();
}
