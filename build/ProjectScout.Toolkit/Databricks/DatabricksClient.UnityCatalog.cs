using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks;

// Unity Catalog REST 2.1 (docs/reference: unity-catalog-and-access.md §2). Names go in the path; errors are told apart by
// error_code, never by HTTP status (PERMISSION_DENIED comes as a 400, METASTORE_DOES_NOT_EXIST as a 404 that is no
// "absent object"); lists follow next_page_token until it is absent, through empty pages.
public sealed partial class DatabricksClient
{
    private const string UnityCatalogApi = "api/2.1/unity-catalog/";

    /// <summary>The error code of a workspace without a metastore (current-metastore-assignment answers it).</summary>
    public const string MetastoreDoesNotExist = "METASTORE_DOES_NOT_EXIST";

    /// <summary>The workspace's metastore assignment ({workspace_id, metastore_id, default_catalog_name}); null when none is assigned.</summary>
    public async Task<JsonObject?> GetCurrentMetastoreAssignmentAsync(CancellationToken ct = default)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, UnityCatalogApi + "current-metastore-assignment", null, "current-metastore-assignment", ct);
        }
        catch (DatabricksApiException ex) when (ex.ErrorCode == MetastoreDoesNotExist)
        {
            return null;
        }
    }

    /// <summary>Account admin: assigns (or re-assigns: it overwrites) the metastore to a workspace.</summary>
    public Task AssignMetastoreAsync(string workspaceId, string metastoreId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, $"{UnityCatalogApi}workspaces/{workspaceId}/metastore", new JsonObject { ["metastore_id"] = metastoreId }, "metastore/assign " + workspaceId, ct);

    /// <summary>Account admin: removes the workspace's metastore assignment.</summary>
    public Task UnassignMetastoreAsync(string workspaceId, string metastoreId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"{UnityCatalogApi}workspaces/{workspaceId}/metastore?metastore_id={Uri.EscapeDataString(metastoreId)}", null, "metastore/unassign " + workspaceId, ct);

    // ---- securables: storage credentials, external locations, catalogs, schemas --------------------------------

    public Task<JsonObject?> GetStorageCredentialAsync(string name, CancellationToken ct = default) => GetSecurableAsync("storage-credentials", name, ct);

    public Task<JsonObject?> GetExternalLocationAsync(string name, CancellationToken ct = default) => GetSecurableAsync("external-locations", name, ct);

    public Task<JsonObject?> GetCatalogAsync(string name, CancellationToken ct = default) => GetSecurableAsync("catalogs", name, ct);

    public Task<JsonObject?> GetSchemaAsync(string fullName, CancellationToken ct = default) => GetSecurableAsync("schemas", fullName, ct);

    /// <summary>POST of a securable (storage-credentials, external-locations, catalogs, schemas); 409 *_ALREADY_EXISTS when taken.</summary>
    public async Task<JsonObject> CreateSecurableAsync(string collection, JsonObject body, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Post, UnityCatalogApi + collection, body, $"{collection}/create {body["name"]}", ct))!;

    /// <summary>PATCH of a securable's updatable fields.</summary>
    public async Task<JsonObject> UpdateSecurableAsync(string collection, string name, JsonObject body, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Patch, $"{UnityCatalogApi}{collection}/{Uri.EscapeDataString(name)}", body, $"{collection}/update {name}", ct))!;

    /// <summary>DELETE of a securable; <paramref name="force"/> drops what it contains (a catalog's schemas, a schema's tables). Absent counts as deleted.</summary>
    public async Task DeleteSecurableAsync(string collection, string name, bool force, CancellationToken ct = default)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"{UnityCatalogApi}{collection}/{Uri.EscapeDataString(name)}{(force ? "?force=true" : "")}", null, $"{collection}/delete {name}", ct);
        }
        catch (DatabricksApiException ex) when (IsAbsent(ex))
        {
            // Deleted already.
        }
    }

    public Task<IReadOnlyList<JsonObject>> ListCatalogsAsync(CancellationToken ct = default) => PagedAsync(UnityCatalogApi + "catalogs", "catalogs", ct);

    public Task<IReadOnlyList<JsonObject>> ListSchemasAsync(string catalogName, CancellationToken ct = default) =>
        PagedAsync($"{UnityCatalogApi}schemas?catalog_name={Uri.EscapeDataString(catalogName)}", "schemas", ct);

    public Task<IReadOnlyList<JsonObject>> ListExternalLocationsAsync(CancellationToken ct = default) => PagedAsync(UnityCatalogApi + "external-locations", "external_locations", ct);

    // ---- workspace bindings --------------------------------------------------------------------------------

    /// <summary>The workspaces a securable is bound to ({workspace_id, binding_type}); securable types are lowercase (catalog, external_location…).</summary>
    public Task<IReadOnlyList<JsonObject>> GetBindingsAsync(string securableType, string name, CancellationToken ct = default) =>
        PagedAsync($"{UnityCatalogApi}bindings/{securableType}/{Uri.EscapeDataString(name)}", "bindings", ct);

    /// <summary>Adds (an upsert) and removes workspace bindings.</summary>
    public Task UpdateBindingsAsync(string securableType, string name, IEnumerable<(long WorkspaceId, string BindingType)> add, IEnumerable<long> remove, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Patch, $"{UnityCatalogApi}bindings/{securableType}/{Uri.EscapeDataString(name)}", new JsonObject
        {
            ["add"] = new JsonArray(add.Select(b => (JsonNode)new JsonObject { ["workspace_id"] = b.WorkspaceId, ["binding_type"] = b.BindingType }).ToArray()),
            ["remove"] = new JsonArray(remove.Select(id => (JsonNode)new JsonObject { ["workspace_id"] = id }).ToArray()),
        }, $"bindings/update {securableType}/{name}", ct);

    // ---- system schemas ------------------------------------------------------------------------------------

    /// <summary>The metastore's system schemas ({schema, state}).</summary>
    public Task<IReadOnlyList<JsonObject>> ListSystemSchemasAsync(string metastoreId, CancellationToken ct = default) =>
        PagedAsync($"{UnityCatalogApi}metastores/{Uri.EscapeDataString(metastoreId)}/systemschemas", "schemas", ct);

    /// <summary>Enables a system schema; one already enabled (the service answers "… already exists") counts as done.</summary>
    public async Task EnableSystemSchemaAsync(string metastoreId, string schema, CancellationToken ct = default)
    {
        try
        {
            await SendAsync(HttpMethod.Put, $"{UnityCatalogApi}metastores/{Uri.EscapeDataString(metastoreId)}/systemschemas/{Uri.EscapeDataString(schema)}", new JsonObject(), "systemschemas/enable " + schema, ct);
        }
        catch (DatabricksApiException ex) when (ex.ApiMessage.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            // Enabled by an earlier run, or by the account.
        }
    }

    /// <summary>An object that is not there: any *_DOES_NOT_EXIST but the metastore's own (that one means no Unity Catalog at all).</summary>
    public static bool IsAbsent(DatabricksApiException error) =>
        error.ErrorCode != MetastoreDoesNotExist &&
        (error.ErrorCode.EndsWith("_DOES_NOT_EXIST", StringComparison.Ordinal) || error.ErrorCode == "NOT_FOUND");

    private async Task<JsonObject?> GetSecurableAsync(string collection, string name, CancellationToken ct)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, $"{UnityCatalogApi}{collection}/{Uri.EscapeDataString(name)}", null, $"{collection}/get {name}", ct);
        }
        catch (DatabricksApiException ex) when (IsAbsent(ex))
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<JsonObject>> PagedAsync(string path, string arrayName, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        string? token = null;
        do
        {
            var page = await SendAsync(HttpMethod.Get, token is null ? path : path + (path.Contains('?') ? "&" : "?") + "page_token=" + Uri.EscapeDataString(token), null, "list " + path, ct);
            items.AddRange((page?[arrayName] as JsonArray ?? []).OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()));
            token = page?["next_page_token"]?.ToString();
        }
        while (!string.IsNullOrEmpty(token));

        return items;
    }
}
