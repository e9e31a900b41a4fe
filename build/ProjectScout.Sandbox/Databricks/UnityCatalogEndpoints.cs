using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// Unity Catalog REST 2.1 (/api/2.1/unity-catalog/…): the metastore assignment (the account admin's PUT/DELETE too),
/// storage credentials, external locations, catalogs, schemas, workspace bindings and system schemas. Grants and
/// permissions are served elsewhere. Operation names are the path after unity-catalog/.
/// </summary>
internal static class UnityCatalogEndpoints
{
    private const SandboxService Service = SandboxService.Databricks;
    private const string Api = "/api/2.1/unity-catalog/";

    public static void Map(IEndpointRouteBuilder app, DatabricksStore store)
    {
        Route(app, "GET", "current-metastore-assignment", "current-metastore-assignment", (_, _) => store.CurrentMetastoreAssignment());
        Route(app, "GET", "metastore_summary", "metastore_summary", (_, _) => store.MetastoreSummary());
        Route(app, "PUT", "workspaces/{workspace_id}/metastore", "metastore/assign", (c, body) => store.AssignMetastore(Value(c, "workspace_id"), body));
        Route(app, "DELETE", "workspaces/{workspace_id}/metastore", "metastore/unassign", (c, _) => store.UnassignMetastore(Value(c, "workspace_id"), HttpJson.Query(c, "metastore_id")));

        Route(app, "POST", "storage-credentials", "storage-credentials/create", (_, body) => store.CreateStorageCredential(body));
        Route(app, "GET", "storage-credentials", "storage-credentials/list", (c, _) => store.ListStorageCredentials(Page(c)));
        Route(app, "GET", "storage-credentials/{name}", "storage-credentials/get", (c, _) => store.GetStorageCredential(Value(c, "name")));
        Route(app, "PATCH", "storage-credentials/{name}", "storage-credentials/update", (c, body) => store.UpdateStorageCredential(Value(c, "name"), body));
        Route(app, "DELETE", "storage-credentials/{name}", "storage-credentials/delete", (c, _) => store.DeleteStorageCredential(Value(c, "name"), Force(c)));

        Route(app, "POST", "external-locations", "external-locations/create", (_, body) => store.CreateExternalLocation(body));
        Route(app, "GET", "external-locations", "external-locations/list", (c, _) => store.ListExternalLocations(Page(c)));
        Route(app, "GET", "external-locations/{name}", "external-locations/get", (c, _) => store.GetExternalLocation(Value(c, "name")));
        Route(app, "PATCH", "external-locations/{name}", "external-locations/update", (c, body) => store.UpdateExternalLocation(Value(c, "name"), body));
        Route(app, "DELETE", "external-locations/{name}", "external-locations/delete", (c, _) => store.DeleteExternalLocation(Value(c, "name"), Force(c)));

        Route(app, "POST", "catalogs", "catalogs/create", (_, body) => store.CreateCatalog(body));
        Route(app, "GET", "catalogs", "catalogs/list", (c, _) => store.ListCatalogs(Page(c)));
        Route(app, "GET", "catalogs/{name}", "catalogs/get", (c, _) => store.GetCatalog(Value(c, "name")));
        Route(app, "PATCH", "catalogs/{name}", "catalogs/update", (c, body) => store.UpdateCatalog(Value(c, "name"), body));
        Route(app, "DELETE", "catalogs/{name}", "catalogs/delete", (c, _) => store.DeleteCatalog(Value(c, "name"), Force(c)));

        Route(app, "POST", "schemas", "schemas/create", (_, body) => store.CreateSchema(body));
        Route(app, "GET", "schemas", "schemas/list", (c, _) => store.ListSchemas(HttpJson.Query(c, "catalog_name"), Page(c)));
        Route(app, "GET", "schemas/{full_name}", "schemas/get", (c, _) => store.GetSchema(Value(c, "full_name")));
        Route(app, "PATCH", "schemas/{full_name}", "schemas/update", (c, body) => store.UpdateSchema(Value(c, "full_name"), body));
        Route(app, "DELETE", "schemas/{full_name}", "schemas/delete", (c, _) => store.DeleteSchema(Value(c, "full_name"), Force(c)));

        Route(app, "GET", "bindings/{securable_type}/{name}", "bindings/get", (c, _) => store.GetBindings(Value(c, "securable_type"), Value(c, "name")));
        Route(app, "PATCH", "bindings/{securable_type}/{name}", "bindings/update", (c, body) => store.UpdateBindings(Value(c, "securable_type"), Value(c, "name"), body));

        Route(app, "GET", "metastores/{metastore_id}/systemschemas", "systemschemas/list", (c, _) => store.ListSystemSchemas(Value(c, "metastore_id")));
        Route(app, "PUT", "metastores/{metastore_id}/systemschemas/{schema}", "systemschemas/enable", (c, _) => store.EnableSystemSchema(Value(c, "metastore_id"), Value(c, "schema")));
        Route(app, "DELETE", "metastores/{metastore_id}/systemschemas/{schema}", "systemschemas/disable", (c, _) => store.DisableSystemSchema(Value(c, "metastore_id"), Value(c, "schema")));
    }

    private static string Value(HttpContext context, string name) => Uri.UnescapeDataString(HttpJson.Route(context, name));

    private static bool Force(HttpContext context) => string.Equals(HttpJson.Query(context, "force"), "true", StringComparison.OrdinalIgnoreCase);

    private static (string? MaxResults, string? PageToken) Page(HttpContext context) => (HttpJson.Query(context, "max_results"), HttpJson.Query(context, "page_token"));

    private static void Route(IEndpointRouteBuilder app, string method, string pattern, string operation, Func<HttpContext, JsonObject, JsonObject> handler) =>
        app.MapMethods(Api + pattern, [method], async context =>
        {
            var body = method is "POST" or "PATCH" or "PUT" ? await HttpJson.ReadObjectAsync(context, Service) : new JsonObject();
            await HttpJson.WriteAsync(context, 200, handler(context, body));
        }).WithMetadata(new SandboxOperation(Service, "unity-catalog/" + operation));
}
