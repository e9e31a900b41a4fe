using System.Text.Json.Nodes;
using ProjectScout.Model.Json;

namespace ProjectScout.Sandbox.Arm;

/// <summary>
/// What-if: the evaluated template compared with the stored resources. Create (not stored), NoChange (equal),
/// Modify (with delta[] property changes), and for stored resources of the target group the template does not
/// mention: Ignore (incremental) or Delete (complete).
/// </summary>
internal static class WhatIfChanges
{
    public static JsonArray Compute(IReadOnlyList<JsonObject> declared, IEnumerable<ResourceRecord> stored, string subscription, string resourceGroup, string mode)
    {
        var storedById = stored.ToDictionary(r => r.Id.ToLowerInvariant(), StringComparer.Ordinal);
        var changes = new List<JsonObject>();
        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var after in declared)
        {
            var id = (string)after["id"]!;
            mentioned.Add(id.ToLowerInvariant());
            if (!storedById.TryGetValue(id.ToLowerInvariant(), out var existing))
            {
                changes.Add(new JsonObject { ["resourceId"] = id, ["changeType"] = "Create", ["after"] = after.DeepClone() });
                continue;
            }

            var before = existing.Declared;
            if (JsonNode.DeepEquals(before, after))
            {
                changes.Add(new JsonObject { ["resourceId"] = id, ["changeType"] = "NoChange", ["before"] = before.DeepClone(), ["after"] = after.DeepClone() });
                continue;
            }

            changes.Add(new JsonObject
            {
                ["resourceId"] = id,
                ["changeType"] = "Modify",
                ["before"] = before.DeepClone(),
                ["after"] = after.DeepClone(),
                ["delta"] = new JsonArray(Delta(before, after).ToArray()),
            });
        }

        var prefix = $"/subscriptions/{subscription}/resourcegroups/{resourceGroup}/".ToLowerInvariant();
        foreach (var (key, record) in storedById.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && !mentioned.Contains(p.Key)))
        {
            var complete = string.Equals(mode, "Complete", StringComparison.OrdinalIgnoreCase);
            changes.Add(new JsonObject { ["resourceId"] = record.Id, ["changeType"] = complete ? "Delete" : "Ignore", ["before"] = record.Declared.DeepClone() });
        }

        return new JsonArray(changes.OrderBy(c => (string)c["resourceId"]!, StringComparer.OrdinalIgnoreCase).Select(c => (JsonNode)c).ToArray());
    }

    /// <summary>
    /// ARM's what-if delta between two objects, from the one structural diff (<see cref="JsonDiff"/>): dotted paths
    /// ("properties.networkAcls.defaultAction"); a change inside an array is an "Array" entry whose children are
    /// indexed, a changed object element being a "Modify" with its own children.
    /// </summary>
    public static IEnumerable<JsonNode> Delta(JsonObject before, JsonObject after) =>
        Group(JsonDiff.Compare(before, after).Select(c => (c.Segments, c)).ToList());

    /// <summary>Changes (with their path below the current level) as what-if delta entries, array changes grouped per array and element.</summary>
    private static IEnumerable<JsonNode> Group(IReadOnlyList<(IReadOnlyList<JsonPathSegment> Below, JsonChange Change)> items)
    {
        static int FirstIndex(IReadOnlyList<JsonPathSegment> rest) => rest.Select((s, i) => s.IsIndex ? i : -1).FirstOrDefault(i => i >= 0, -1);

        foreach (var (rest, change) in items.Where(i => FirstIndex(i.Below) < 0))
        {
            yield return Change(string.Join(".", rest), Kind(change.Kind), change.Before, change.After);
        }

        foreach (var array in items.Where(i => FirstIndex(i.Below) >= 0).GroupBy(i => string.Join(".", i.Below.Take(FirstIndex(i.Below))), StringComparer.Ordinal))
        {
            var children = new JsonArray();
            foreach (var element in array.GroupBy(i => i.Below[FirstIndex(i.Below)].Index))
            {
                var index = element.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (_, change) in element.Where(i => i.Below.Count == FirstIndex(i.Below) + 1))
                {
                    children.Add(Change(index, Kind(change.Kind), change.Before, change.After));
                }

                var inside = element.Where(i => i.Below.Count > FirstIndex(i.Below) + 1).Select(i => ((IReadOnlyList<JsonPathSegment>)i.Below.Skip(FirstIndex(i.Below) + 1).ToList(), i.Change)).ToList();
                if (inside.Count > 0)
                {
                    children.Add(new JsonObject { ["path"] = index, ["propertyChangeType"] = "Modify", ["children"] = new JsonArray(Group(inside).ToArray()) });
                }
            }

            yield return new JsonObject { ["path"] = array.Key, ["propertyChangeType"] = "Array", ["children"] = children };
        }
    }

    private static string Kind(JsonChangeKind kind) => kind switch
    {
        JsonChangeKind.Added => "Create",
        JsonChangeKind.Removed => "Delete",
        _ => "Modify",
    };

    private static JsonObject Change(string path, string type, JsonNode? before, JsonNode? after)
    {
        var change = new JsonObject { ["path"] = path, ["propertyChangeType"] = type };
        if (before is not null)
        {
            change["before"] = before.DeepClone();
        }

        if (after is not null)
        {
            change["after"] = after.DeepClone();
        }

        return change;
    }
}
