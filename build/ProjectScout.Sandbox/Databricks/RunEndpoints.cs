using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>The Jobs runs routes: run-now, runs/get, runs/list and runs/cancel, under API 2.1 and 2.2.</summary>
internal static class RunEndpoints
{
    private const SandboxService Service = SandboxService.Databricks;

    public static void Map(IEndpointRouteBuilder app, DatabricksStore store)
    {
        foreach (var version in new[] { "2.1", "2.2" })
        {
            Post(app, $"/api/{version}/jobs/run-now", "jobs/run-now", store.RunNow);
            Post(app, $"/api/{version}/jobs/runs/cancel", "jobs/runs/cancel", store.CancelRun);
            app.MapGet($"/api/{version}/jobs/runs/get", c => HttpJson.WriteAsync(c, 200, store.GetRun(HttpJson.Query(c, "run_id"))))
                .WithMetadata(new SandboxOperation(Service, "jobs/runs/get"));
            app.MapGet($"/api/{version}/jobs/runs/list", c => HttpJson.WriteAsync(c, 200, store.ListRuns(
                    HttpJson.Query(c, "job_id"),
                    HttpJson.Query(c, "active_only"),
                    HttpJson.Query(c, "completed_only"),
                    HttpJson.Query(c, "limit"),
                    HttpJson.Query(c, "page_token"),
                    string.Equals(HttpJson.Query(c, "expand_tasks"), "true", StringComparison.OrdinalIgnoreCase))))
                .WithMetadata(new SandboxOperation(Service, "jobs/runs/list"));
        }
    }

    private static void Post(IEndpointRouteBuilder app, string pattern, string operation, Func<JsonObject, JsonObject> handler) =>
        app.MapPost(pattern, async context =>
        {
            var body = await HttpJson.ReadObjectAsync(context, Service);
            await HttpJson.WriteAsync(context, 200, handler(body));
        }).WithMetadata(new SandboxOperation(Service, operation));
}
