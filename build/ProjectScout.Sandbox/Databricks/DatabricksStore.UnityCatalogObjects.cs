using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

// Unity Catalog catalogs, schemas, workspace bindings and system schemas (docs/reference: unity-catalog-and-access.md
// §2.4, §7, §9). The caller owns what it creates. A catalog is created OPEN whatever the body says (isolation_mode is a
// PATCH field); an ISOLATED catalog is unreadable from a workspace it is not bound to.
internal sealed partial class DatabricksStore
{
    private const string ReadWrite = "BINDING_TYPE_READ_WRITE";

    /// <summary>The system schemas a metastore offers and their first state (billing is enabled by Databricks: MANAGED).</summary>
    private static readonly IReadOnlyDictionary<string, string> InitialSystemSchemas = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["access"] = "AVAILABLE",
        ["billing"] = "MANAGED",
        ["compute"] = "AVAILABLE",
        ["lakeflow"] = "AVAILABLE",
        ["marketplace"] = "AVAILABLE",
        ["query"] = "AVAILABLE",
        ["storage"] = "AVAILABLE",
    };

    // ---------------------------------------------------------------- catalogs

    public JsonObject CreateCatalog(JsonObject body) => Write(() =>
    {
        RequireMetastore();
        var name = RequiredName(body);
        if (Uc.Catalogs.ContainsKey(name))
        {
            throw new SandboxApiException(409, "CATALOG_ALREADY_EXISTS", $"Catalog '{name}' already exists");
        }

        var record = new CatalogRecord { Name = name, StorageRoot = (string?)body["storage_root"], Owner = User, CreatedAt = Now };
        ApplyCatalog(record, body, isolation: false);
        Uc.Catalogs[name] = record;
        return DescribeCatalog(record);
    });

    public JsonObject GetCatalog(string name) => Read(() => DescribeCatalog(ReadableCatalog(name)));

    public JsonObject ListCatalogs((string? MaxResults, string? PageToken) page) => Read(() =>
    {
        var workspace = RequireMetastore();
        return Paged("catalogs", Uc.Catalogs.Values.Where(c => IsReadableFrom(c, workspace)).Select(DescribeCatalog), page);
    });

    public JsonObject UpdateCatalog(string name, JsonObject body) => Write(() =>
    {
        RequireMetastore();
        var record = FindCatalog(name);
        ApplyCatalog(record, body, isolation: true);
        return DescribeCatalog(record);
    });

    public JsonObject DeleteCatalog(string name, bool force) => Write(() =>
    {
        var record = ReadableCatalog(name);
        var schemas = Uc.Schemas.Values.Where(s => s.CatalogName == name).ToList();
        if (schemas.Count > 0 && !force)
        {
            throw new SandboxApiException(400, "CATALOG_NOT_EMPTY",
                $"Catalog '{name}' is not empty. The catalog has {schemas.Count} schemas (excluding information_schema) and {Uc.Tables.Values.Count(t => t.CatalogName == name)} tables.");
        }

        foreach (var schema in schemas)
        {
            DropSchema(schema);
        }

        Uc.Catalogs.Remove(record.Name);
        Uc.Grants.Remove("catalog:" + name);
        return new JsonObject();
    });

    private CatalogRecord FindCatalog(string name) => Uc.Catalogs.TryGetValue(name, out var record)
        ? record
        : throw new SandboxApiException(404, "CATALOG_DOES_NOT_EXIST", $"Catalog '{name}' does not exist.");

    /// <summary>The catalog, if this workspace may see it (an ISOLATED catalog needs a binding to it).</summary>
    private CatalogRecord ReadableCatalog(string name)
    {
        var workspace = RequireMetastore();
        var record = FindCatalog(name);
        return IsReadableFrom(record, workspace)
            ? record
            : throw new SandboxApiException(403, "PERMISSION_DENIED", $"Catalog '{name}' is not accessible in current workspace");
    }

    private static bool IsReadableFrom(CatalogRecord catalog, string workspaceId) => catalog.IsolationMode != "ISOLATED" || catalog.Bindings.ContainsKey(workspaceId);

    private static void ApplyCatalog(CatalogRecord record, JsonObject body, bool isolation)
    {
        ApplyNamespace(record, body);

        // Create ignores isolation_mode (it is not a create field); only PATCH sets it.
        if (isolation && (string?)body["isolation_mode"] is { } mode)
        {
            record.IsolationMode = mode is "OPEN" or "ISOLATED" ? mode : throw Invalid($"Invalid isolation_mode '{mode}': use OPEN or ISOLATED.");
        }
    }

    private JsonObject DescribeCatalog(CatalogRecord r) => new()
    {
        ["name"] = r.Name,
        ["full_name"] = r.Name,
        ["id"] = StableId("catalog:" + r.Name),
        ["catalog_type"] = "MANAGED_CATALOG",
        ["storage_root"] = r.StorageRoot,
        ["storage_location"] = r.StorageRoot is null ? null : r.StorageRoot.TrimEnd('/') + "/__unitystorage/catalogs/" + StableId("catalog:" + r.Name),
        ["isolation_mode"] = r.IsolationMode,
        ["comment"] = r.Comment,
        ["owner"] = r.Owner,
        ["properties"] = new JsonObject(r.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        ["metastore_id"] = Uc.MetastoreId,
        ["securable_type"] = "CATALOG",
        ["browse_only"] = false,
        ["created_at"] = r.CreatedAt,
        ["created_by"] = User,
    };

    // ---------------------------------------------------------------- schemas

    public JsonObject CreateSchema(JsonObject body) => Write(() =>
    {
        var name = RequiredName(body);
        var catalog = ReadableCatalog((string?)body["catalog_name"] ?? throw Invalid("Missing required field: catalog_name"));
        var record = new SchemaRecord { CatalogName = catalog.Name, Name = name, StorageRoot = (string?)body["storage_root"], Owner = User, CreatedAt = Now };
        if (Uc.Schemas.ContainsKey(record.FullName))
        {
            throw new SandboxApiException(409, "SCHEMA_ALREADY_EXISTS", $"Schema '{name}' already exists");
        }

        ApplyNamespace(record, body);
        Uc.Schemas[record.FullName] = record;
        return DescribeSchema(record);
    });

    public JsonObject GetSchema(string fullName) => Read(() => DescribeSchema(FindSchema(fullName)));

    public JsonObject ListSchemas(string? catalogName, (string? MaxResults, string? PageToken) page) => Read(() =>
    {
        var catalog = ReadableCatalog(catalogName ?? throw Invalid("Missing required field: catalog_name"));
        return Paged("schemas", Uc.Schemas.Values.Where(s => s.CatalogName == catalog.Name).Select(DescribeSchema), page);
    });

    public JsonObject UpdateSchema(string fullName, JsonObject body) => Write(() =>
    {
        var record = FindSchema(fullName);
        ApplyNamespace(record, body);
        return DescribeSchema(record);
    });

    public JsonObject DeleteSchema(string fullName, bool force) => Write(() =>
    {
        var record = FindSchema(fullName);
        var tables = Uc.Tables.Values.Count(t => t.CatalogName == record.CatalogName && t.SchemaName == record.Name);
        var functions = Uc.Functions.Values.Count(f => f.CatalogName == record.CatalogName && f.SchemaName == record.Name);
        if (tables + functions > 0 && !force)
        {
            throw new SandboxApiException(400, "SCHEMA_NOT_EMPTY", $"Schema '{fullName}' is not empty. The schema has {tables} tables(s), {functions} functions(s), 0 volumes(s)");
        }

        DropSchema(record);
        return new JsonObject();
    });

    private SchemaRecord FindSchema(string fullName)
    {
        var dot = fullName.IndexOf('.', StringComparison.Ordinal);
        ReadableCatalog(dot > 0 ? fullName[..dot] : fullName);
        return Uc.Schemas.TryGetValue(fullName, out var record)
            ? record
            : throw new SandboxApiException(404, "SCHEMA_DOES_NOT_EXIST", $"Schema '{fullName}' does not exist.");
    }

    private void DropSchema(SchemaRecord schema)
    {
        foreach (var table in Uc.Tables.Values.Where(t => t.CatalogName == schema.CatalogName && t.SchemaName == schema.Name).ToList())
        {
            Uc.Tables.Remove(table.FullName);
            Uc.Grants.Remove("table:" + table.FullName);
        }

        foreach (var function in Uc.Functions.Values.Where(f => f.CatalogName == schema.CatalogName && f.SchemaName == schema.Name).ToList())
        {
            Uc.Functions.Remove(function.FullName);
            Uc.Grants.Remove("function:" + function.FullName);
        }

        Uc.Schemas.Remove(schema.FullName);
        Uc.Grants.Remove("schema:" + schema.FullName);
    }

    /// <summary>comment (null clears it), owner (when given) and properties (replaced whole), as create and PATCH set them.</summary>
    private static void ApplyNamespace(INamespaceRecord record, JsonObject body)
    {
        if (body.ContainsKey("comment"))
        {
            record.Comment = (string?)body["comment"];
        }

        if ((string?)body["owner"] is { Length: > 0 } owner)
        {
            record.Owner = owner;
        }

        if (body["properties"] is JsonObject properties)
        {
            record.Properties = new SortedDictionary<string, string>(properties.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? ""), StringComparer.Ordinal);
        }
    }

    private JsonObject DescribeSchema(SchemaRecord r) => new()
    {
        ["name"] = r.Name,
        ["catalog_name"] = r.CatalogName,
        ["full_name"] = r.FullName,
        ["schema_id"] = StableId("schema:" + r.FullName),
        ["storage_root"] = r.StorageRoot,
        ["storage_location"] = (r.StorageRoot ?? Uc.Catalogs.GetValueOrDefault(r.CatalogName)?.StorageRoot)?.TrimEnd('/') + "/__unitystorage/schemas/" + StableId("schema:" + r.FullName),
        ["comment"] = r.Comment,
        ["owner"] = r.Owner,
        ["properties"] = new JsonObject(r.Properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        ["metastore_id"] = Uc.MetastoreId,
        ["catalog_type"] = "MANAGED_CATALOG",
        ["securable_type"] = "SCHEMA",
        ["browse_only"] = false,
        ["created_at"] = r.CreatedAt,
        ["created_by"] = User,
    };

    // ---------------------------------------------------------------- workspace bindings

    public JsonObject GetBindings(string securableType, string name) => Read(() =>
    {
        RequireMetastore();
        return DescribeBindings(BoundCatalog(securableType, name));
    });

    /// <summary>PATCH bindings: add is an upsert (binding_type defaults to read-write), remove drops the workspace.</summary>
    public JsonObject UpdateBindings(string securableType, string name, JsonObject body) => Write(() =>
    {
        RequireMetastore();
        var catalog = BoundCatalog(securableType, name);
        foreach (var add in (body["add"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var workspace = add["workspace_id"].AsLong("workspace_id") ?? throw Invalid("Missing required field: add.workspace_id");
            var type = (string?)add["binding_type"] ?? ReadWrite;
            catalog.Bindings[workspace.ToString(CultureInfo.InvariantCulture)] = type is ReadWrite or "BINDING_TYPE_READ_ONLY"
                ? type
                : throw Invalid($"Invalid binding_type '{type}'.");
        }

        foreach (var remove in (body["remove"] as JsonArray ?? []).OfType<JsonObject>())
        {
            catalog.Bindings.Remove((remove["workspace_id"].AsLong("workspace_id") ?? 0).ToString(CultureInfo.InvariantCulture));
        }

        return DescribeBindings(catalog);
    });

    private CatalogRecord BoundCatalog(string securableType, string name) => securableType is "catalog" or "catalogs"
        ? FindCatalog(name)
        : throw Invalid($"Securable type '{securableType}' has no workspace bindings in this sandbox; catalogs do.");

    private static JsonObject DescribeBindings(CatalogRecord catalog) => new()
    {
        ["bindings"] = new JsonArray(catalog.Bindings.Select(b => (JsonNode)new JsonObject
        {
            ["workspace_id"] = long.Parse(b.Key, CultureInfo.InvariantCulture),
            ["binding_type"] = b.Value,
        }).ToArray()),
    };

    // ---------------------------------------------------------------- system schemas

    public JsonObject ListSystemSchemas(string metastoreId) => Read(() =>
    {
        RequireSystemSchemaMetastore(metastoreId);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(SystemSchemas().Select(s => (JsonNode)new JsonObject { ["schema"] = s.Key, ["state"] = s.Value }).ToArray()),
        };
    });

    public JsonObject EnableSystemSchema(string metastoreId, string schema) => Write(() =>
    {
        RequireSystemSchemaMetastore(metastoreId);
        var schemas = SystemSchemas();
        var state = schemas.TryGetValue(schema, out var found)
            ? found
            : throw new SandboxApiException(404, "SCHEMA_DOES_NOT_EXIST", $"System schema '{schema}' does not exist.");
        switch (state)
        {
            case "MANAGED":
                throw Invalid($"Cannot create system schema: {schema} system schema can only be enabled by Databricks.");
            case "ENABLE_INITIALIZED" or "ENABLE_COMPLETED":
                throw Invalid($"Cannot create system schema: {schema} system schema already exists.");
        }

        schemas[schema] = "ENABLE_COMPLETED";
        return new JsonObject();
    });

    public JsonObject DisableSystemSchema(string metastoreId, string schema) => Write(() =>
    {
        RequireSystemSchemaMetastore(metastoreId);
        var schemas = SystemSchemas();
        if (schemas.TryGetValue(schema, out var state) && state is "ENABLE_INITIALIZED" or "ENABLE_COMPLETED")
        {
            schemas[schema] = "AVAILABLE";
        }

        return new JsonObject();
    });

    private SortedDictionary<string, string> SystemSchemas()
    {
        foreach (var (schema, state) in InitialSystemSchemas)
        {
            Uc.SystemSchemas.TryAdd(schema, state);
        }

        return Uc.SystemSchemas;
    }

    private void RequireSystemSchemaMetastore(string metastoreId)
    {
        RequireMetastore();
        if (metastoreId != Uc.MetastoreId)
        {
            throw new SandboxApiException(404, "METASTORE_DOES_NOT_EXIST", $"Metastore '{metastoreId}' does not exist.");
        }
    }
}
