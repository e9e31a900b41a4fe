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
        app.MapGet(uc + "/permissions/{type}/{name}", c => HttpJson.OkAsync(c, store.GetGrants(HttpJson.Route(c, "type"), HttpJson.Route(c, "name"), HttpJson.Query(c, "principal"))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/permissions/get"));
        app.MapPatch(uc + "/permissions/{type}/{name}", async c => await HttpJson.OkAsync(c, store.UpdateGrants(HttpJson.Route(c, "type"), HttpJson.Route(c, "name"), await HttpJson.ReadObjectAsync(c, Service))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/permissions/update"));
        app.MapGet(uc + "/effective-permissions/{type}/{name}", c => HttpJson.OkAsync(c, store.GetEffectiveGrants(HttpJson.Route(c, "type"), HttpJson.Route(c, "name"), HttpJson.Query(c, "principal"))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/effective-permissions/get"));
        app.MapGet(uc + "/tables/{name}", c => HttpJson.OkAsync(c, store.GetTable(HttpJson.Route(c, "name")))).WithMetadata(new SandboxOperation(Service, "unity-catalog/tables/get"));
        app.MapGet(uc + "/tables", c => HttpJson.OkAsync(c, store.ListTables(HttpJson.Query(c, "catalog_name"), HttpJson.Query(c, "schema_name"), HttpJson.Query(c, "max_results"))))
            .WithMetadata(new SandboxOperation(Service, "unity-catalog/tables/list"));
        app.MapGet(uc + "/functions/{name}", c => HttpJson.OkAsync(c, store.GetFunction(HttpJson.Route(c, "name")))).WithMetadata(new SandboxOperation(Service, "unity-catalog/functions/get"));

        const string warehouses = "/api/2.0/sql/warehouses";
        app.MapPost(warehouses, async c => await HttpJson.OkAsync(c, store.CreateWarehouse(await HttpJson.ReadObjectAsync(c, Service)))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/create"));
        app.MapGet(warehouses, c => HttpJson.OkAsync(c, store.ListWarehouses())).WithMetadata(new SandboxOperation(Service, "sql/warehouses/list"));
        app.MapGet(warehouses + "/{id}", c => HttpJson.OkAsync(c, store.GetWarehouse(HttpJson.Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/get"));
        app.MapDelete(warehouses + "/{id}", c => HttpJson.OkAsync(c, store.DeleteWarehouse(HttpJson.Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/delete"));
        app.MapPost(warehouses + "/{id}/edit", async c => await HttpJson.OkAsync(c, store.EditWarehouse(HttpJson.Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service))))
            .WithMetadata(new SandboxOperation(Service, "sql/warehouses/edit"));
        app.MapPost(warehouses + "/{id}/start", c => HttpJson.OkAsync(c, store.SetWarehouseState(HttpJson.Route(c, "id"), start: true))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/start"));
        app.MapPost(warehouses + "/{id}/stop", c => HttpJson.OkAsync(c, store.SetWarehouseState(HttpJson.Route(c, "id"), start: false))).WithMetadata(new SandboxOperation(Service, "sql/warehouses/stop"));

        const string statements = "/api/2.0/sql/statements";
        app.MapPost(statements, async c => await HttpJson.OkAsync(c, store.ExecuteStatement(await HttpJson.ReadObjectAsync(c, Service)))).WithMetadata(new SandboxOperation(Service, "sql/statements/execute"));
        app.MapGet(statements + "/{id}", c => HttpJson.OkAsync(c, store.GetStatement(HttpJson.Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/statements/get"));
        app.MapPost(statements + "/{id}/cancel", c => HttpJson.OkAsync(c, store.CancelStatement(HttpJson.Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "sql/statements/cancel"));

        // The warehouses' ACLs also answer under their older path (/permissions/sql/warehouses/{id}).
        const string legacy = "/api/2.0/permissions/sql/warehouses/{id}";
        app.MapGet(legacy, c => HttpJson.OkAsync(c, store.GetPermissions("warehouses", HttpJson.Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "permissions/get"));
        app.MapPut(legacy, async c => await HttpJson.OkAsync(c, store.SetPermissions("warehouses", HttpJson.Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service), replace: true)))
            .WithMetadata(new SandboxOperation(Service, "permissions/set"));
        app.MapPatch(legacy, async c => await HttpJson.OkAsync(c, store.SetPermissions("warehouses", HttpJson.Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service), replace: false)))
            .WithMetadata(new SandboxOperation(Service, "permissions/update"));
    }
}
