using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>The AI/BI (Lakeview) dashboard routes: create, list, get, update, publish.</summary>
internal static class DashboardEndpoints
{
    private const SandboxService Service = SandboxService.Databricks;

    public static void Map(IEndpointRouteBuilder app, DatabricksStore store)
    {
        const string dashboards = "/api/2.0/lakeview/dashboards";
        app.MapPost(dashboards, async c => await HttpJson.OkAsync(c, store.CreateDashboard(await HttpJson.ReadObjectAsync(c, Service)))).WithMetadata(new SandboxOperation(Service, "lakeview/dashboards/create"));
        app.MapGet(dashboards, c => HttpJson.OkAsync(c, store.ListDashboards())).WithMetadata(new SandboxOperation(Service, "lakeview/dashboards/list"));
        app.MapGet(dashboards + "/{id}", c => HttpJson.OkAsync(c, store.GetDashboard(HttpJson.Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "lakeview/dashboards/get"));
        app.MapPatch(dashboards + "/{id}", async c => await HttpJson.OkAsync(c, store.UpdateDashboard(HttpJson.Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service))))
            .WithMetadata(new SandboxOperation(Service, "lakeview/dashboards/update"));
        app.MapPost(dashboards + "/{id}/published", async c => await HttpJson.OkAsync(c, store.PublishDashboard(HttpJson.Route(c, "id"), await HttpJson.ReadObjectAsync(c, Service))))
            .WithMetadata(new SandboxOperation(Service, "lakeview/dashboards/publish"));
        app.MapGet(dashboards + "/{id}/published", c => HttpJson.OkAsync(c, store.GetPublishedDashboard(HttpJson.Route(c, "id")))).WithMetadata(new SandboxOperation(Service, "lakeview/dashboards/published/get"));
    }
}
