using System.Text.Json.Nodes;

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
                ["delta"] = new JsonArray(DiffObjects(before, after, string.Empty).ToArray()),
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

    /// <summary>Property changes between two objects, with dotted paths ("properties.networkAcls.defaultAction").</summary>
    public static IEnumerable<JsonNode> DiffObjects(JsonObject before, JsonObject after, string path)
    {
        foreach (var (key, old) in before)
        {
            var childPath = path.Length == 0 ? key : path + "." + key;
            if (!after.TryGetPropertyValue(key, out var updated))
            {
                yield return Change(childPath, "Delete", old, null);
                continue;
            }

            foreach (var change in DiffValues(old, updated, childPath))
            {
                yield return change;
            }
        }

        foreach (var (key, added) in after.Where(p => !before.ContainsKey(p.Key)))
        {
            yield return Change(path.Length == 0 ? key : path + "." + key, "Create", null, added);
        }
    }

    private static IEnumerable<JsonNode> DiffValues(JsonNode? before, JsonNode? after, string path)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return [];
        }

        if (before is JsonObject oldObject && after is JsonObject newObject)
        {
            return DiffObjects(oldObject, newObject, path);
        }

        if (before is JsonArray oldArray && after is JsonArray newArray)
        {
            var children = new List<JsonNode>();
            for (var i = 0; i < Math.Max(oldArray.Count, newArray.Count); i++)
            {
                var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (i >= newArray.Count)
                {
                    children.Add(Change(index, "Delete", oldArray[i], null));
                }
                else if (i >= oldArray.Count)
                {
                    children.Add(Change(index, "Create", null, newArray[i]));
                }
                else if (!JsonNode.DeepEquals(oldArray[i], newArray[i]))
                {
                    children.Add(oldArray[i] is JsonObject a && newArray[i] is JsonObject b
                        ? new JsonObject { ["path"] = index, ["propertyChangeType"] = "Modify", ["children"] = new JsonArray(DiffObjects(a, b, string.Empty).ToArray()) }
                        : Change(index, "Modify", oldArray[i], newArray[i]));
                }
            }

            return [new JsonObject { ["path"] = path, ["propertyChangeType"] = "Array", ["children"] = new JsonArray(children.ToArray()) }];
        }

        return [Change(path, "Modify", before, after)];
    }

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
