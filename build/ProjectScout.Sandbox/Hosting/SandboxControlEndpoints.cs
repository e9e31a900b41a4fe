using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Sandbox.Faults;

namespace ProjectScout.Sandbox.Hosting;

/// <summary>
/// /_sandbox/*: the sandbox's own control surface (no authentication, not logged, on both ports) for tests and
/// benchmarks in another process: the request log with counts, and the fault rules.
/// </summary>
internal static class SandboxControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Map(IEndpointRouteBuilder app, RequestLog requests, FaultController faults)
    {
        app.MapGet("/_sandbox/requests", (HttpContext context) =>
        {
            var operation = HttpJson.Query(context, "operation");
            var status = int.TryParse(HttpJson.Query(context, "status"), out var s) ? s : (int?)null;
            var after = long.TryParse(HttpJson.Query(context, "after"), out var a) ? a : 0;
            var entries = requests.Where(operation, status, after);
            var body = new JsonObject
            {
                ["count"] = entries.Count,
                ["requests"] = JsonSerializer.SerializeToNode(entries, Json),
            };
            return HttpJson.WriteAsync(context, 200, body);
        });
        app.MapDelete("/_sandbox/requests", (HttpContext context) =>
        {
            requests.Clear();
            return HttpJson.WriteAsync(context, 204, null);
        });
        app.MapGet("/_sandbox/faults", (HttpContext context) =>
            HttpJson.WriteAsync(context, 200, JsonNode.Parse(faults.Current.ToJson())));
        app.MapPut("/_sandbox/faults", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            FaultSettings settings;
            try
            {
                settings = FaultSettings.Parse(await reader.ReadToEndAsync(context.RequestAborted), "PUT /_sandbox/faults");
            }
            catch (ArgumentException ex)
            {
                await HttpJson.WriteAsync(context, 400, new JsonObject { ["message"] = ex.Message });
                return;
            }

            faults.Apply(settings);
            await HttpJson.WriteAsync(context, 200, JsonNode.Parse(faults.Current.ToJson()));
        });
        app.MapDelete("/_sandbox/faults", (HttpContext context) =>
        {
            faults.Clear();
            return HttpJson.WriteAsync(context, 204, null);
        });
    }
}
