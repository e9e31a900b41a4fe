using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>The Databricks REST routes the toolkit calls. Operation names (for faults and the log) are the path after the version.</summary>
internal static class DatabricksEndpoints
{
    private const SandboxService Service = SandboxService.Databricks;

    public static void Map(IEndpointRouteBuilder app, DatabricksStore store)
    {
        Post(app, "/api/2.0/workspace/mkdirs", "workspace/mkdirs", store.Mkdirs);
        Post(app, "/api/2.0/workspace/import", "workspace/import", store.Import);
        Post(app, "/api/2.0/workspace/delete", "workspace/delete", store.Delete);
        Get(app, "/api/2.0/workspace/get-status", "workspace/get-status", c => store.GetStatus(HttpJson.Query(c, "path")));
        Get(app, "/api/2.0/workspace/list", "workspace/list", c => store.List(HttpJson.Query(c, "path")));
        app.MapGet("/api/2.0/workspace/export", context => ExportAsync(context, store)).WithMetadata(new SandboxOperation(Service, "workspace/export"));

        foreach (var version in new[] { "2.1", "2.2" })
        {
            var queueByDefault = version == "2.2";
            Post(app, $"/api/{version}/jobs/create", "jobs/create", body => store.CreateJob(body, queueByDefault));
            Post(app, $"/api/{version}/jobs/reset", "jobs/reset", body => store.ResetJob(body, queueByDefault));
            Post(app, $"/api/{version}/jobs/update", "jobs/update", store.UpdateJob);
            Post(app, $"/api/{version}/jobs/delete", "jobs/delete", store.DeleteJob);
            Get(app, $"/api/{version}/jobs/get", "jobs/get", c => store.GetJob(HttpJson.Query(c, "job_id")));
            Get(app, $"/api/{version}/jobs/list", "jobs/list", c => store.ListJobs(
                HttpJson.Query(c, "limit"),
                HttpJson.Query(c, "page_token"),
                HttpJson.Query(c, "offset"),
                HttpJson.Query(c, "name"),
                string.Equals(HttpJson.Query(c, "expand_tasks"), "true", StringComparison.OrdinalIgnoreCase)));
        }

        RunEndpoints.Map(app, store);

        Post(app, "/api/2.0/policies/clusters/create", "policies/create", store.CreatePolicy);
        Post(app, "/api/2.0/policies/clusters/edit", "policies/edit", store.EditPolicy);
        Post(app, "/api/2.0/policies/clusters/delete", "policies/delete", store.DeletePolicy);
        Get(app, "/api/2.0/policies/clusters/get", "policies/get", c => store.GetPolicy(HttpJson.Query(c, "policy_id")));
        Get(app, "/api/2.0/policies/clusters/list", "policies/list", _ => store.ListPolicies());

        Post(app, "/api/2.0/secrets/scopes/create", "secrets/scopes/create", store.CreateScope);
        Post(app, "/api/2.0/secrets/scopes/delete", "secrets/scopes/delete", store.DeleteScope);
        Get(app, "/api/2.0/secrets/scopes/list", "secrets/scopes/list", _ => store.ListScopes());

        UnityCatalogEndpoints.Map(app, store);

        const string permissions = "/api/2.0/permissions/{type}/{id}";
        Get(app, permissions, "permissions/get", c => store.GetPermissions(HttpJson.Route(c, "type"), HttpJson.Route(c, "id")));
        app.MapPut(permissions, async context =>
        {
            var body = await HttpJson.ReadObjectAsync(context, Service);
            await HttpJson.WriteAsync(context, 200, store.SetPermissions(HttpJson.Route(context, "type"), HttpJson.Route(context, "id"), body, replace: true));
        }).WithMetadata(new SandboxOperation(Service, "permissions/set"));
        app.MapPatch(permissions, async context =>
        {
            var body = await HttpJson.ReadObjectAsync(context, Service);
            await HttpJson.WriteAsync(context, 200, store.SetPermissions(HttpJson.Route(context, "type"), HttpJson.Route(context, "id"), body, replace: false));
        }).WithMetadata(new SandboxOperation(Service, "permissions/update"));

        SqlEndpoints.Map(app, store);
        DashboardEndpoints.Map(app, store);
    }

    private static void Post(IEndpointRouteBuilder app, string pattern, string operation, Func<JsonObject, JsonObject> handler) =>
        app.MapPost(pattern, async context =>
        {
            var body = await HttpJson.ReadObjectAsync(context, Service);
            await HttpJson.WriteAsync(context, 200, handler(body));
        }).WithMetadata(new SandboxOperation(Service, operation));

    private static void Get(IEndpointRouteBuilder app, string pattern, string operation, Func<HttpContext, JsonObject> handler) =>
        app.MapGet(pattern, context => HttpJson.WriteAsync(context, 200, handler(context))).WithMetadata(new SandboxOperation(Service, operation));

    private static async Task ExportAsync(HttpContext context, DatabricksStore store)
    {
        var format = HttpJson.Query(context, "format") ?? "SOURCE";
        var (bytes, fileType) = store.Export(HttpJson.Query(context, "path"), format);
        if (string.Equals(HttpJson.Query(context, "direct_download"), "true", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        await HttpJson.WriteAsync(context, 200, new JsonObject { ["content"] = Convert.ToBase64String(bytes), ["file_type"] = fileType });
    }
}
