using System.Text.Json.Nodes;
using System.Text.Json;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Json;
using ProjectScout.Toolkit.Arm;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Post-deployment check of the ARM side: every resource the Bicep snapshot predicts exists, with its declared key
/// properties (location, kind, tags, sku and the properties the template sets, arrays included). Arrays are compared as
/// sets (lifecycle rules, IP rules, diagnostic categories, alert criteria, dashboard parts: order carries no meaning), and
/// an array holding more elements live than declared is drift too. Values the snapshot could not evaluate offline
/// ("[reference(...)]") are skipped. The comparison is the model's one JSON diff.
/// </summary>
public static class SnapshotVerifier
{
    /// <summary>Objects below this many levels (tags, sku and properties are level 1) are not descended into.</summary>
    private const int MaxDepth = 8;

    private static readonly JsonDiffOptions Options = new() { IgnoreAdded = true, ArrayAsSet = _ => true, LeafEquals = Same };

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

    /// <summary>The declared key properties that differ (path: expected vs actual), then arrays with elements nobody declared.</summary>
    public static IReadOnlyList<string> Compare(JsonObject predicted, JsonObject live)
    {
        var declared = Declared(predicted);
        var problems = JsonDiff.Compare(declared, live, Options)
            .Select(c => $"{c.Path} is {Text(c.After)}, expected {Text(c.Before)}")
            .ToList();
        ExtraElements(declared, live, "", problems);
        return problems;
    }

    /// <summary>What is checked: location and kind, and what tags, sku and properties declare to <see cref="MaxDepth"/> levels, expressions left out.</summary>
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

        foreach (var key in new[] { "tags", "sku", "properties" })
        {
            if (predicted[key] is JsonObject section && Kept(section, depth: 1) is { Count: > 0 } kept)
            {
                declared[key] = kept;
            }
        }

        return declared;
    }

    private static JsonObject Kept(JsonObject section, int depth)
    {
        var kept = new JsonObject();
        foreach (var (name, value) in section)
        {
            switch (value)
            {
                case JsonObject child when depth < MaxDepth && Kept(child, depth + 1) is { Count: > 0 } nested:
                    kept[name] = nested;
                    break;
                case JsonArray array when depth < MaxDepth && KeptArray(array, depth + 1) is { } elements:
                    kept[name] = elements;
                    break;
                case JsonValue scalar when !IsExpression(scalar):
                    kept[name] = scalar.DeepClone();
                    break;
            }
        }

        return kept;
    }

    /// <summary>The array as declared, or null when an element cannot be checked offline (an expression, or nothing but expressions).</summary>
    private static JsonArray? KeptArray(JsonArray array, int depth)
    {
        var kept = new JsonArray();
        foreach (var element in array)
        {
            JsonNode? item = element switch
            {
                JsonObject obj => Kept(obj, depth + 1) is { Count: > 0 } nested ? nested : null,
                JsonArray inner => KeptArray(inner, depth + 1),
                JsonValue scalar when !IsExpression(scalar) => scalar.DeepClone(),
                _ => null,
            };
            if (item is null)
            {
                return null;
            }

            kept.Add(item);
        }

        return kept;
    }

    /// <summary>Declared arrays that hold more elements live (an IP rule or a criterion added by hand).</summary>
    private static void ExtraElements(JsonNode? declared, JsonNode? live, string path, List<string> problems)
    {
        switch (declared, live)
        {
            case (JsonObject d, JsonObject l):
                foreach (var (name, value) in d)
                {
                    ExtraElements(value, l[name], path.Length == 0 ? name : path + "." + name, problems);
                }

                break;
            case (JsonArray d, JsonArray l) when l.Count > d.Count:
                problems.Add($"{path} has {l.Count} elements, expected {d.Count}");
                break;
        }
    }

    private static bool IsExpression(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().StartsWith('[');

    private static bool Same(JsonNode? expected, JsonNode? actual)
    {
        if (IsExpression(actual))
        {
            return true; // Azure never returns an expression; a stand-in that could not evaluate one cannot be checked
        }

        if (expected is JsonObject or JsonArray)
        {
            // A set element: it matches a live element that has everything it declares.
            var matches = JsonDiff.Compare(expected, actual, Options).Count == 0;
            return matches && (expected is not JsonArray list || actual is JsonArray live && live.Count == list.Count);
        }

        if (expected is not JsonValue wanted || actual is not JsonValue value)
        {
            return false;
        }

        if (wanted.GetValueKind() == JsonValueKind.String && value.GetValueKind() == JsonValueKind.String)
        {
            // ARM normalises casing of ids, locations and enum values.
            return string.Equals(Squash(wanted.GetValue<string>()), Squash(value.GetValue<string>()), StringComparison.OrdinalIgnoreCase);
        }

        return wanted.ToJsonString() == value.ToJsonString();
    }

    private static string Squash(string text) => text.Replace(" ", "", StringComparison.Ordinal);

    private static string Text(JsonNode? node) => node is null ? "absent" : node.ToJsonString();
}
