using System.Text.Json.Nodes;
using ProjectScout.Model.Governance;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// Whether a principal holds a Unity Catalog privilege on a securable, directly or inherited down catalog → schema →
/// table/function (ALL_PRIVILEGES and ownership count). Pure over the state: the job-run walk asks it.
/// </summary>
internal static class UnityCatalogAccess
{
    /// <summary>The grants key of a securable: "&lt;lowercase type&gt;:&lt;full name&gt;".</summary>
    public static string Key(string securableType, string fullName) => securableType.ToLowerInvariant() + ":" + fullName;

    /// <summary>The group every account principal is a member of: a grant to it reaches everyone.</summary>
    public const string AccountUsers = "account users";

    /// <summary>True when <paramref name="principal"/> holds <paramref name="privilege"/> (REST name) on the securable or one of its parents.</summary>
    public static bool Holds(UnityCatalogState uc, string principal, string privilege, string securableType, string fullName) =>
        Chain(securableType, fullName).Any(level =>
            Same(Owner(uc, level.Type, level.Name), principal)
            || (uc.Grants.TryGetValue(Key(level.Type, level.Name), out var grants)
                && grants.Any(g => (Same(g.Key, principal) || Same(g.Key, AccountUsers)) && (g.Value.Contains(privilege) || g.Value.Contains("ALL_PRIVILEGES")))));

    /// <summary>Catalog, schema or table by the number of parts of <paramref name="fullName"/> (the job-run walk names them so).</summary>
    public static bool Holds(UnityCatalogState uc, string principal, string privilege, string fullName) =>
        Holds(uc, principal, privilege, fullName.Count(c => c == '.') switch
        {
            0 => UnityCatalogPrivileges.Catalog,
            1 => UnityCatalogPrivileges.Schema,
            _ => UnityCatalogPrivileges.Table,
        }, fullName);

    private static bool Same(string? a, string b) => a is { Length: > 0 } && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The securable and its parents, nearest first: table → schema → catalog.</summary>
    public static IEnumerable<(string Type, string Name)> Chain(string securableType, string fullName)
    {
        var parts = fullName.Split('.');
        yield return (securableType.ToLowerInvariant(), fullName);
        if (parts.Length == 3)
        {
            yield return (UnityCatalogPrivileges.Schema, parts[0] + "." + parts[1]);
        }

        if (parts.Length >= 2)
        {
            yield return (UnityCatalogPrivileges.Catalog, parts[0]);
        }
    }

    private static string? Owner(UnityCatalogState uc, string type, string name) => type switch
    {
        UnityCatalogPrivileges.Catalog => uc.Catalogs.GetValueOrDefault(name)?.Owner,
        UnityCatalogPrivileges.Schema => uc.Schemas.GetValueOrDefault(name)?.Owner,
        UnityCatalogPrivileges.Table => uc.Tables.GetValueOrDefault(name)?.Owner,
        UnityCatalogPrivileges.Function => uc.Functions.GetValueOrDefault(name)?.Owner,
        _ => null,
    };
}

// Unity Catalog grants (/api/2.1/unity-catalog/permissions: GET direct grants, PATCH add/remove as set operations),
// effective permissions (inherited_from_*), and the table and function reads that show masks and row filters.
internal sealed partial class DatabricksStore
{
    private UnityCatalogState UcState => _state.UnityCatalog;

    public JsonObject GetGrants(string type, string fullName, string? principal) => Read(() =>
    {
        RequireSecurable(type, fullName);
        var grants = UcState.Grants.GetValueOrDefault(UnityCatalogAccess.Key(type, fullName));
        return new JsonObject { ["privilege_assignments"] = Assignments(grants, principal) };
    });

    public JsonObject UpdateGrants(string type, string fullName, JsonObject body) => Write(() =>
    {
        RequireSecurable(type, fullName);
        var changes = body["changes"] as JsonArray ?? throw Invalid("changes is required.");
        var key = UnityCatalogAccess.Key(type, fullName);
        // Every change is checked before any is applied: a bad privilege leaves the grants as they were.
        var parsed = changes.Select(c => c as JsonObject ?? throw Invalid("changes entries must be objects.")).Select(c =>
        {
            var principal = (string?)c["principal"] is { Length: > 0 } p ? p : throw Invalid("principal is required in each change.");
            var add = Privileges(c["add"], type, fullName);
            var remove = Privileges(c["remove"], type, fullName);
            return (principal, add, remove);
        }).ToList();
        var grants = UcState.Grants.TryGetValue(key, out var existing) ? existing : UcState.Grants[key] = new(StringComparer.Ordinal);
        foreach (var (principal, add, remove) in parsed)
        {
            var held = grants.TryGetValue(principal, out var set) ? set : grants[principal] = new(StringComparer.Ordinal);
            held.UnionWith(add);
            held.ExceptWith(remove);
            if (held.Count == 0)
            {
                grants.Remove(principal);
            }
        }

        if (grants.Count == 0)
        {
            UcState.Grants.Remove(key);
        }

        return body["omit_permissions_in_response"]?.GetValue<bool>() == true
            ? new JsonObject()
            : new JsonObject { ["privilege_assignments"] = Assignments(UcState.Grants.GetValueOrDefault(key), null) };
    });

    /// <summary>Direct and inherited privileges per principal; inherited ones name the securable they come from.</summary>
    public JsonObject GetEffectiveGrants(string type, string fullName, string? principal) => Read(() =>
    {
        RequireSecurable(type, fullName);
        var byPrincipal = new SortedDictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var level in UnityCatalogAccess.Chain(type, fullName))
        {
            foreach (var (who, privileges) in UcState.Grants.GetValueOrDefault(UnityCatalogAccess.Key(level.Type, level.Name)) ?? [])
            {
                if (principal is not null && who != principal)
                {
                    continue;
                }

                var list = byPrincipal.TryGetValue(who, out var l) ? l : byPrincipal[who] = [];
                foreach (var privilege in privileges)
                {
                    var entry = new JsonObject { ["privilege"] = privilege };
                    if (level.Name != fullName)
                    {
                        entry["inherited_from_type"] = level.Type.ToUpperInvariant();
                        entry["inherited_from_name"] = level.Name;
                    }

                    list.Add(entry);
                }
            }
        }

        return new JsonObject
        {
            ["privilege_assignments"] = new JsonArray(byPrincipal.Select(p => (JsonNode)new JsonObject { ["principal"] = p.Key, ["privileges"] = p.Value }).ToArray()),
        };
    });

    public JsonObject GetTable(string fullName) => Read(() =>
        RequireMetastore() is not null && UcState.Tables.TryGetValue(fullName, out var table) ? DescribeTable(table) : throw UcNotFound("TABLE_DOES_NOT_EXIST", $"Table '{fullName}' does not exist."));

    public JsonObject ListTables(string? catalog, string? schema, string? maxResults) => Read(() =>
    {
        RequireMetastore();
        if (string.IsNullOrEmpty(catalog) || string.IsNullOrEmpty(schema))
        {
            throw Invalid("catalog_name and schema_name are required.");
        }

        if (maxResults is { Length: > 0 } && (!int.TryParse(maxResults, out var max) || max < 0))
        {
            throw Invalid("max_results must be a non-negative integer.");
        }

        if (!UcState.Schemas.ContainsKey(catalog + "." + schema))
        {
            throw UcNotFound("SCHEMA_DOES_NOT_EXIST", $"Schema '{catalog}.{schema}' does not exist.");
        }

        return new JsonObject
        {
            ["tables"] = new JsonArray(UcState.Tables.Values.Where(t => t.CatalogName == catalog && t.SchemaName == schema)
                .OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (JsonNode)DescribeTable(t)).ToArray()),
        };
    });

    public JsonObject GetFunction(string fullName) => Read(() =>
        RequireMetastore() is not null && UcState.Functions.TryGetValue(fullName, out var function) ? DescribeFunction(function) : throw UcNotFound("FUNCTION_DOES_NOT_EXIST", $"Routine or Model '{fullName}' does not exist."));

    private static SandboxApiException UcNotFound(string code, string message) => new(404, code, message);

    private void RequireSecurable(string type, string fullName)
    {
        RequireMetastore();
        var (exists, code, kind) = type switch
        {
            UnityCatalogPrivileges.Catalog => (UcState.Catalogs.ContainsKey(fullName), "CATALOG_DOES_NOT_EXIST", "Catalog"),
            UnityCatalogPrivileges.Schema => (UcState.Schemas.ContainsKey(fullName), "SCHEMA_DOES_NOT_EXIST", "Schema"),
            UnityCatalogPrivileges.Table => (UcState.Tables.ContainsKey(fullName), "TABLE_DOES_NOT_EXIST", "Table"),
            UnityCatalogPrivileges.Function => (UcState.Functions.ContainsKey(fullName), "FUNCTION_DOES_NOT_EXIST", "Function"),
            "external_location" => (UcState.ExternalLocations.ContainsKey(fullName), "EXTERNAL_LOCATION_DOES_NOT_EXIST", "External location"),
            "storage_credential" => (UcState.StorageCredentials.ContainsKey(fullName), "STORAGE_CREDENTIAL_DOES_NOT_EXIST", "Storage credential"),
            _ => throw Invalid($"Invalid securable type '{type}'."),
        };
        if (!exists)
        {
            throw UcNotFound(code, $"{kind} '{fullName}' does not exist.");
        }
    }

    private static SortedSet<string> Privileges(JsonNode? node, string type, string fullName)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in node as JsonArray ?? [])
        {
            var privilege = item?.ToString() ?? "";
            // Types the toolkit does not grant on (locations, credentials) take their own documented names; not checked here.
            if (UnityCatalogPrivileges.BySecurable.ContainsKey(type) && !UnityCatalogPrivileges.Accepts(type, privilege))
            {
                throw Invalid($"Privilege {privilege} is not applicable to this entity [{fullName}:{type.ToUpperInvariant()}].");
            }

            set.Add(privilege);
        }

        return set;
    }

    private static JsonArray Assignments(SortedDictionary<string, SortedSet<string>>? grants, string? principal) =>
        new((grants ?? []).Where(g => principal is null || g.Key == principal)
            .Select(g => (JsonNode)new JsonObject { ["principal"] = g.Key, ["privileges"] = new JsonArray(g.Value.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()) })
            .ToArray());

    private static JsonObject DescribeTable(TableRecord table)
    {
        var columns = new JsonArray();
        foreach (var column in table.Columns.OrderBy(c => c.Position))
        {
            var entry = new JsonObject
            {
                ["name"] = column.Name,
                ["type_text"] = column.TypeName,
                ["type_name"] = TypeName(column.TypeName),
                ["position"] = column.Position,
                ["nullable"] = column.Nullable,
            };
            if (column.MaskFunction is { } mask)
            {
                entry["mask"] = new JsonObject { ["function_name"] = mask, ["using_column_names"] = new JsonArray(column.MaskUsingColumns.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()) };
            }

            columns.Add(entry);
        }

        var result = new JsonObject
        {
            ["name"] = table.Name,
            ["catalog_name"] = table.CatalogName,
            ["schema_name"] = table.SchemaName,
            ["full_name"] = table.FullName,
            ["table_type"] = table.TableType,
            ["data_source_format"] = "DELTA",
            ["columns"] = columns,
            ["owner"] = table.Owner,
            ["created_at"] = table.CreatedAt,
            ["properties"] = new JsonObject(table.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        };
        if (table.Comment is { } comment)
        {
            result["comment"] = comment;
        }

        if (table.RowFilterFunction is { } filter)
        {
            result["row_filter"] = new JsonObject { ["function_name"] = filter, ["input_column_names"] = new JsonArray(table.RowFilterColumns.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()) };
        }

        return result;
    }

    private static JsonObject DescribeFunction(FunctionRecord function) => new()
    {
        ["name"] = function.Name,
        ["catalog_name"] = function.CatalogName,
        ["schema_name"] = function.SchemaName,
        ["full_name"] = function.FullName,
        ["routine_body"] = "SQL",
        ["routine_definition"] = function.Definition,
        ["data_type"] = TypeName(function.ReturnType),
        ["full_data_type"] = function.ReturnType,
        ["input_params"] = new JsonObject
        {
            ["parameters"] = new JsonArray(function.Parameters.Select((p, i) => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["type_text"] = p.TypeText, ["type_name"] = TypeName(p.TypeText), ["position"] = i,
            }).ToArray()),
        },
        ["comment"] = function.Comment,
        ["owner"] = function.Owner,
        ["created_at"] = function.CreatedAt,
    };

    /// <summary>The ColumnTypeName of a type text (string → STRING, bigint → LONG, array&lt;string&gt; → ARRAY).</summary>
    private static string TypeName(string typeText)
    {
        var head = typeText.Split('<', '(')[0].Trim().ToLowerInvariant();
        return head switch
        {
            "bigint" => "LONG",
            "integer" => "INT",
            "smallint" => "SHORT",
            "tinyint" => "BYTE",
            "real" => "FLOAT",
            _ => head.ToUpperInvariant(),
        };
    }
}
