using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ProjectScout.Model.Json;

/// <summary>What happened at one path between two JSON documents.</summary>
public enum JsonChangeKind
{
    /// <summary>Present only in the new document.</summary>
    Added,

    /// <summary>Present only in the old document.</summary>
    Removed,

    /// <summary>Present in both with different values.</summary>
    Modified,
}

/// <summary>One step of a path: an object property, or an array index when <see cref="Property"/> is null.</summary>
public readonly record struct JsonPathSegment(string? Property, int Index)
{
    public bool IsIndex => Property is null;

    public static JsonPathSegment Key(string property) => new(property, -1);

    public static JsonPathSegment At(int index) => new(null, index);

    public override string ToString() => Property ?? Index.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One difference: where (segments, and as text <c>properties.subnets[0].name</c>), what, and the old and new values.</summary>
public sealed record JsonChange(IReadOnlyList<JsonPathSegment> Segments, JsonChangeKind Kind, JsonNode? Before, JsonNode? After)
{
    public string Path => JsonDiff.Format(Segments);

    public override string ToString() => $"{Path}: {Kind}";
}

/// <summary>How <see cref="JsonDiff.Compare"/> compares; the default is a full structural comparison.</summary>
public sealed record JsonDiffOptions
{
    /// <summary>Arrays (by their path text, e.g. <c>tasks</c>) compared as sets: order ignored, elements added or removed. Null: every array by index.</summary>
    public Func<string, bool>? ArrayAsSet { get; init; }

    /// <summary>
    /// Report only what the old document declares: properties and array elements present only in the new document
    /// are not differences (an expectation checked against a live resource that carries more).
    /// </summary>
    public bool IgnoreAdded { get; init; }

    /// <summary>Equality of two leaves (values, or whole nodes below <see cref="MaxDepth"/>); default <see cref="JsonNode.DeepEquals"/>.</summary>
    public Func<JsonNode?, JsonNode?, bool>? LeafEquals { get; init; }

    /// <summary>Objects and arrays deeper than this many segments are compared as whole values.</summary>
    public int MaxDepth { get; init; } = int.MaxValue;
}

/// <summary>
/// The structural JSON diff: objects by property (sorted ordinally, so the result is deterministic), arrays by index
/// or, where asked, as sets; every differing leaf reported with its path and old and new value.
/// </summary>
public static class JsonDiff
{
    private static readonly JsonDiffOptions Defaults = new();

    /// <summary>Every difference from <paramref name="before"/> to <paramref name="after"/>; empty when they are equal.</summary>
    public static IReadOnlyList<JsonChange> Compare(JsonNode? before, JsonNode? after, JsonDiffOptions? options = null)
    {
        var changes = new List<JsonChange>();
        Walk(before, after, [], options ?? Defaults, changes);
        return changes;
    }

    /// <summary>Segments as text: properties joined by dots, indexes in brackets (<c>a.b[2].c</c>).</summary>
    public static string Format(IEnumerable<JsonPathSegment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.IsIndex)
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(segment.Property);
            }
        }

        return text.ToString();
    }

    private static void Walk(JsonNode? before, JsonNode? after, List<JsonPathSegment> path, JsonDiffOptions options, List<JsonChange> changes)
    {
        var deep = path.Count >= options.MaxDepth;
        switch (before, after)
        {
            case (JsonObject a, JsonObject b) when !deep:
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    var had = a.TryGetPropertyValue(key, out var old);
                    var has = b.TryGetPropertyValue(key, out var updated);
                    Child(had, old, has, updated, [.. path, JsonPathSegment.Key(key)], options, changes);
                }

                break;
            case (JsonArray a, JsonArray b) when !deep && options.ArrayAsSet?.Invoke(Format(path)) == true:
                Sets(a, b, path, options, changes);
                break;
            case (JsonArray a, JsonArray b) when !deep:
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    Child(i < a.Count, i < a.Count ? a[i] : null, i < b.Count, i < b.Count ? b[i] : null, [.. path, JsonPathSegment.At(i)], options, changes);
                }

                break;
            default:
                if (!(options.LeafEquals ?? JsonNode.DeepEquals)(before, after))
                {
                    changes.Add(new JsonChange(path, JsonChangeKind.Modified, before?.DeepClone(), after?.DeepClone()));
                }

                break;
        }
    }

    private static void Child(bool had, JsonNode? old, bool has, JsonNode? updated, List<JsonPathSegment> path, JsonDiffOptions options, List<JsonChange> changes)
    {
        if (had && has)
        {
            Walk(old, updated, path, options, changes);
        }
        else if (had)
        {
            changes.Add(new JsonChange(path, JsonChangeKind.Removed, old?.DeepClone(), null));
        }
        else if (!options.IgnoreAdded)
        {
            changes.Add(new JsonChange(path, JsonChangeKind.Added, null, updated?.DeepClone()));
        }
    }

    private static void Sets(JsonArray before, JsonArray after, List<JsonPathSegment> path, JsonDiffOptions options, List<JsonChange> changes)
    {
        var equals = options.LeafEquals ?? JsonNode.DeepEquals;
        var unmatched = Enumerable.Range(0, after.Count).ToList();
        for (var i = 0; i < before.Count; i++)
        {
            var match = unmatched.FindIndex(j => equals(before[i], after[j]));
            if (match >= 0)
            {
                unmatched.RemoveAt(match);
            }
            else
            {
                changes.Add(new JsonChange([.. path, JsonPathSegment.At(i)], JsonChangeKind.Removed, before[i]?.DeepClone(), null));
            }
        }

        if (!options.IgnoreAdded)
        {
            changes.AddRange(unmatched.Select(j => new JsonChange([.. path, JsonPathSegment.At(j)], JsonChangeKind.Added, null, after[j]?.DeepClone())));
        }
    }
}
