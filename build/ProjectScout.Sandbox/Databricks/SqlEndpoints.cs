using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// The access routes: Unity Catalog grants and effective permissions, tables and functions, SQL warehouses and the SQL
/// Statement Execution API. Operation names (faults, log) are the path after the version, as for the other routes.
/// </summary>
internal static class SqlEndpoints
{
    private const SandboxService Service = SandboxService.Databricks;

    public static void Map(IEndpointRouteBuilder app, DatabricksStore store)
    {
        const string uc = "/api/2.1/unity-catalog";
        app.MapGet(uc + "/permissions/{type}/{name}", c => Write(c, store.GetGrants(Route(c, "type"), Route(c, "name"), HttpJson.Query(c, "principal"))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/permissions/get"));
        app.MapPatch(uc + "/permissions/{type}/{name}", async c => await Write(c, store.UpdateGrants(Route(c, "type"), Route(c, "name"), await HttpJson.ReadObjectAsync(c, Service))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/permissions/update"));
        app.MapGet(uc + "/effective-permissions/{type}/{name}", c => Write(c, store.GetEffectiveGrants(Route(c, "type"), Route(c, "name"), HttpJson.Query(c, "principal"))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/effective-permissions/get"));
        app.MapGet(uc + "/tables/{name}", c => Write(c, store.GetTable(Route(c, "name")))).WithMetadata(new SandboxOperation(Service, "unity-catalog/tables/get"));
        app.MapGet(uc + "/tables", c => Write(c, store.ListTables(HttpJson.Query(c, "catalog_name"), HttpJson.Query(c, "schema_name"), HttpJson.Query(c, "max_results"))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/tables/list"));
        app.MapGet(uc + "/functions/{name}", c => Write(c, store.GetFunction(Route(c, "name")))).WithMetadata(new SandboxOperation(Service, "unity-catalog/functions/get"));

        const string warehouses = "/api/2.0/sql/warehouses";
        app.MapPost(warehouses, async c => await Write(c, store.CreateWarehouse(await HttpJson.ReadObjectAsync(c, Service)))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/create"));
        app.MapGet(warehouses, c => Write(c, store.ListWarehouses())).WithMetadata(new SandboxOperation(Service, "sql/warehouses/list"));
        app.MapGet(warehouses + "/{id}", c => Write(c, store.GetWarehouse(Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/get"));
        app.MapDelete(warehouses + "/{id}", c => Write(c, store.DeleteWarehouse(Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/delete"));
        app.MapPost(warehouses + "/{id}/edit", async c => await Write(c, store.EditWarehouse(Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service))))
            .WithMetadata(new SandboxOperation(Service, "sql/warehouses/edit"));
        app.MapPost(warehouses + "/{id}/start", c => Write(c, store.SetWarehouseState(Route(c, "id"), start: true))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/start"));
        app.MapPost(warehouses + "/{id}/stop", c => Write(c, store.SetWarehouseState(Route(c, "id"), start: false))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/stop"));

        const string statements = "/api/2.0/sql/statements";
        app.MapPost(statements, async c => await Write(c, store.ExecuteStatement(await HttpJson.ReadObjectAsync(c, Service)))).WithMetadata(new SandboxOperation(Service, "sql/statements/execute"));
        app.MapGet(statements + "/{id}", c => Write(c, store.GetStatement(Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/statements/get"));
        app.MapPost(statements + "/{id}/cancel", c => Write(c, store.CancelStatement(Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/statements/cancel"));

        // The warehouses' ACLs also answer under their older path (/permissions/sql/warehouses/{id}).
        const string legacy = "/api/2.0/permissions/sql/warehouses/{id}";
        app.MapGet(legacy, c => Write(c, store.GetPermissions("warehouses", Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "permissions/get"));
        app.MapPut(legacy, async c => await Write(c, store.SetPermissions("warehouses", Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service), replace: true)))
            .WithMetadata(new SandboxOperation(Service, "permissions/set"));
        app.MapPatch(legacy, async c => await Write(c, store.SetPermissions("warehouses", Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service), replace: false)))
            .WithMetadata(new SandboxOperation(Service, "permissions/update"));
    }

    private static Task Write(HttpContext context, JsonObject body) => HttpJson.WriteAsync(context, 200, body);

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? string.Empty;
}
