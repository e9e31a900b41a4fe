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
    public static IEnumerable<JsonNode> Delta(JsonObject before, JsonObject after) => Group(JsonDiff.Compare(before, after), 0);

    private static List<JsonNode> Group(IEnumerable<JsonChange> changes, int from)
    {
        var delta = new List<JsonNode>();
        foreach (var change in changes)
        {
            var rest = change.Segments.Skip(from).ToList();
            var array = rest.FindIndex(s => s.IsIndex);
            if (array < 0)
            {
                delta.Add(Change(string.Join(".", rest), Kind(change.Kind), change.Before, change.After));
                continue;
            }

            // Changes inside one array share its entry (they arrive together: the diff walks in path order).
            var path = array == 0 ? "" : string.Join(".", rest.Take(array));
            var entry = delta.OfType<JsonObject>().LastOrDefault(d => (string?)d["propertyChangeType"] == "Array" && (string?)d["path"] == path)
                ?? Add(delta, new JsonObject { ["path"] = path, ["propertyChangeType"] = "Array", ["children"] = new JsonArray() });
            var children = entry["children"]!.AsArray();
            var index = rest[array].ToString();
            if (rest.Count == array + 1)
            {
                children.Add(Change(index, Kind(change.Kind), change.Before, change.After));
                continue;
            }

            var element = children.OfType<JsonObject>().LastOrDefault(c => (string?)c["path"] == index && c["children"] is not null)
                ?? (JsonObject)Add(children, new JsonObject { ["path"] = index, ["propertyChangeType"] = "Modify", ["children"] = new JsonArray() });
            foreach (var child in Group([change], from + array + 1))
            {
                element["children"]!.AsArray().Add(child);
            }
        }

        return delta;
    }

    private static JsonObject Add(List<JsonNode> list, JsonObject item)
    {
        list.Add(item);
        return item;
    }

    private static JsonNode Add(JsonArray array, JsonObject item)
    {
        array.Add(item);
        return item;
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
