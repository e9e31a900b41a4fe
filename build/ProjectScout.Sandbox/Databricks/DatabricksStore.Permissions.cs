using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Databricks;

internal sealed partial class DatabricksStore
{
    /// <summary>The object types the sandbox holds permissions for, with their singular name and allowed levels.</summary>
    private static readonly Dictionary<string, (string ObjectType, string[] Levels)> PermissionTypes = new(StringComparer.Ordinal)
    {
        ["jobs"] = ("job", ["CAN_VIEW", "CAN_MANAGE_RUN", "IS_OWNER", "CAN_MANAGE"]),
        ["cluster-policies"] = ("cluster-policy", ["CAN_USE"]),
        ["directories"] = ("directory", ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"]),
        ["notebooks"] = ("notebook", ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"]),
        ["warehouses"] = ("warehouses", ["CAN_VIEW", "CAN_MONITOR", "CAN_USE", "CAN_MANAGE", "IS_OWNER"]),
    };

    public JsonObject GetPermissions(string type, string id) => Read(() =>
    {
        RequireObject(type, id);
        return DescribePermissions(type, id);
    });

    /// <summary>PUT replaces every direct grant; PATCH adds to them (a principal's level is replaced).</summary>
    public JsonObject SetPermissions(string type, string id, JsonObject body, bool replace) => Write(() =>
    {
        RequireObject(type, id);
        var requested = NormalizeAcl(body["access_control_list"] as JsonArray ?? [], type);
        var key = type + "/" + id;
        var grants = replace || !_state.Permissions.TryGetValue(key, out var existing) ? [] : (JsonArray)existing.DeepClone();
        foreach (var grant in requested.OfType<JsonObject>())
        {
            var principal = Principal(grant);
            var same = grants.OfType<JsonObject>().FirstOrDefault(g => Principal(g) == principal);
            if (same is not null)
            {
                grants.Remove(same);
            }

            grants.Add(grant.DeepClone());
        }

        if (type is "jobs" or "warehouses" && grants.OfType<JsonObject>().Count(g => (string?)g["permission_level"] == "IS_OWNER") > 1)
        {
            throw Invalid($"A {PermissionTypes[type].ObjectType} can have only one owner (IS_OWNER).");
        }

        _state.Permissions[key] = Sorted(grants);
        return DescribePermissions(type, id);
    });

    private JsonArray NormalizeAcl(JsonArray acl, string type)
    {
        if (!PermissionTypes.TryGetValue(type, out var info))
        {
            throw Invalid($"Permissions for object type '{type}' are not supported; use one of {string.Join(", ", PermissionTypes.Keys)}.");
        }

        var result = new JsonArray();
        foreach (var entry in acl)
        {
            if (entry is not JsonObject grant)
            {
                throw Invalid("access_control_list entries must be objects.");
            }

            var principals = new[] { "user_name", "group_name", "service_principal_name" }.Where(p => grant[p] is not null).ToList();
            if (principals.Count != 1)
            {
                throw Invalid("Each access control entry needs exactly one of user_name, group_name and service_principal_name.");
            }

            var level = (string?)grant["permission_level"];
            if (level is null || !info.Levels.Contains(level))
            {
                throw Invalid($"Permission level '{level}' is not valid for {info.ObjectType}; use one of {string.Join(", ", info.Levels)}.");
            }

            result.Add(new JsonObject { [principals[0]] = grant[principals[0]]!.DeepClone(), ["permission_level"] = level });
        }

        return result;
    }

    private static string Principal(JsonObject grant) =>
        (string?)grant["user_name"] is { } user ? "user:" + user
        : (string?)grant["group_name"] is { } group ? "group:" + group
        : "sp:" + (string?)grant["service_principal_name"];

    private static JsonArray Sorted(JsonArray grants) =>
        new(grants.OfType<JsonObject>().OrderBy(Principal, StringComparer.Ordinal).Select(g => (JsonNode)g.DeepClone()).ToArray());

    private void RequireObject(string type, string id)
    {
        var exists = type switch
        {
            "jobs" => long.TryParse(id, out var jobId) && _state.Jobs.ContainsKey(jobId),
            "cluster-policies" => _state.Policies.ContainsKey(id),
            "directories" => _state.Workspace.Values.Any(o => o.ObjectType == "DIRECTORY" && o.ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture) == id),
            "notebooks" => _state.Workspace.Values.Any(o => o.ObjectType == "NOTEBOOK" && o.ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture) == id),
            "warehouses" => _state.Warehouses.TryGetValue(id, out var warehouse) && warehouse.State != "DELETED",
            _ => throw Invalid($"Permissions for object type '{type}' are not supported; use one of {string.Join(", ", PermissionTypes.Keys)}."),
        };
        if (!exists)
        {
            throw NotFound($"{PermissionTypes[type].ObjectType} {id} does not exist.");
        }
    }

    private JsonObject DescribePermissions(string type, string id)
    {
        var grants = _state.Permissions.TryGetValue(type + "/" + id, out var stored) ? stored : [];
        var entries = new JsonArray();
        if (type == "jobs" && !grants.OfType<JsonObject>().Any(g => (string?)g["permission_level"] == "IS_OWNER"))
        {
            var job = _state.Jobs[long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)];
            entries.Add(Entry(new JsonObject { ["user_name"] = job.CreatorUserName, ["permission_level"] = "IS_OWNER" }));
        }

        if (type == "warehouses" && !grants.OfType<JsonObject>().Any(g => (string?)g["permission_level"] == "IS_OWNER"))
        {
            entries.Add(Entry(new JsonObject { ["user_name"] = _state.Warehouses[id].CreatorName, ["permission_level"] = "IS_OWNER" }));
        }

        foreach (var grant in grants.OfType<JsonObject>())
        {
            entries.Add(Entry(grant));
        }

        entries.Add(new JsonObject
        {
            ["group_name"] = "admins",
            ["all_permissions"] = new JsonArray(new JsonObject
            {
                ["permission_level"] = type == "cluster-policies" ? "CAN_USE" : "CAN_MANAGE",
                ["inherited"] = true,
                ["inherited_from_object"] = new JsonArray(type is "jobs" ? "/jobs/" : type is "warehouses" ? "/sql/warehouses/" : "/" + type + "/"),
            }),
        });
        return new JsonObject
        {
            ["object_id"] = "/" + type + "/" + id,
            ["object_type"] = PermissionTypes[type].ObjectType,
            ["access_control_list"] = entries,
        };

        static JsonObject Entry(JsonObject grant)
        {
            var entry = new JsonObject();
            foreach (var principal in new[] { "user_name", "group_name", "service_principal_name" })
            {
                if (grant[principal] is { } value)
                {
                    entry[principal] = value.DeepClone();
                }
            }

            entry["all_permissions"] = new JsonArray(new JsonObject { ["permission_level"] = grant["permission_level"]!.DeepClone(), ["inherited"] = false });
            return entry;
        }
    }
}
