using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Model.Azure;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Arm;

/// <summary>
/// The ARM routes the toolkit calls (path matching is case-insensitive, as in ARM). Every call needs the
/// api-version query parameter; any version is accepted.
/// </summary>
internal static class ArmEndpoints
{
    private const SandboxService Service = SandboxService.Arm;
    private const string Group = "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}";
    private static readonly string Deployments = $"{Group}/providers/{AzureResourceTypes.Deployments.Name}";
    private static readonly string Deployment = Deployments + "/{deploymentName}";

    public static void Map(IEndpointRouteBuilder app, ArmStore store, SandboxOptions options)
    {
        Route(app, "GET", "/subscriptions/{subscriptionId}/resourcegroups", "arm/resourcegroups/list", c =>
            Json(c, 200, store.ListResourceGroups(HttpJson.Route(c, "subscriptionId"))));
        Route(app, "GET", Group, "arm/resourcegroups/get", c =>
            Json(c, 200, store.GetResourceGroup(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"))));
        Route(app, "HEAD", Group, "arm/resourcegroups/head", c =>
            Json(c, store.ResourceGroupExists(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName")) ? 204 : 404, null));
        Route(app, "PUT", Group, "arm/resourcegroups/put", async c =>
        {
            var (status, body) = store.PutResourceGroup(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), await HttpJson.ReadObjectAsync(c, Service));
            await Json(c, status, body);
        });
        Route(app, "PATCH", Group, "arm/resourcegroups/patch", async c =>
            await Json(c, 200, store.PatchResourceGroup(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), await HttpJson.ReadObjectAsync(c, Service))));

        var tags = $"{Group}/providers/{AzureResourceTypes.Tags.Name}/default";
        Route(app, "GET", tags, "arm/tags/get", c =>
            Json(c, 200, store.TagsResource(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), null, null)));
        Route(app, "PUT", tags, "arm/tags/put", async c =>
            await Json(c, 200, store.TagsResource(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), await HttpJson.ReadObjectAsync(c, Service), "Replace")));
        Route(app, "PATCH", tags, "arm/tags/patch", async c =>
            await Json(c, 200, store.TagsResource(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), await HttpJson.ReadObjectAsync(c, Service), null)));

        Route(app, "GET", Deployments, "arm/deployments/list", c =>
            Json(c, 200, store.ListDeployments(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"))));
        Route(app, "GET", Deployment, "arm/deployments/get", c =>
            Json(c, 200, store.GetDeployment(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), HttpJson.Route(c, "deploymentName"))));
        Route(app, "PUT", Deployment, "arm/deployments/put", async c =>
        {
            var (subscription, group, name) = (HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), HttpJson.Route(c, "deploymentName"));
            var (status, body, operationId) = store.StartDeployment(subscription, group, name, await HttpJson.ReadObjectAsync(c, Service));
            var deployment = (string)body["id"]!;
            c.Response.Headers["Azure-AsyncOperation"] = Absolute(c, $"{deployment}/operationStatuses/{operationId}");
            c.Response.Headers.Location = Absolute(c, $"{deployment}/operationResults/{operationId}");
            c.Response.Headers.RetryAfter = options.OperationRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await Json(c, status, body);
        });
        Route(app, "GET", Deployment + "/operations", "arm/deployments/operations", c =>
            Json(c, 200, store.ListDeploymentOperations(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), HttpJson.Route(c, "deploymentName"))));
        Route(app, "GET", Deployment + "/operationStatuses/{operationId}", "arm/deployments/operationstatus", c =>
            Json(c, 200, store.GetOperationStatus(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), HttpJson.Route(c, "deploymentName"), HttpJson.Route(c, "operationId"))));
        Route(app, "GET", Deployment + "/operationResults/{operationId}", "arm/deployments/operationresult", c =>
        {
            var (status, body) = store.GetOperationResult(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), HttpJson.Route(c, "deploymentName"), HttpJson.Route(c, "operationId"));
            if (status == 202)
            {
                c.Response.Headers.Location = Absolute(c, c.Request.Path.Value!);
                c.Response.Headers.RetryAfter = options.OperationRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            return Json(c, status, body);
        });
        Route(app, "POST", Deployment + "/validate", "arm/deployments/validate", async c =>
        {
            var (status, body) = await store.ValidateAsync(HttpJson.Route(c, "subscriptionId"), HttpJson.Route(c, "resourceGroupName"), HttpJson.Route(c, "deploymentName"), await HttpJson.ReadObjectAsync(c, Service));
            await Json(c, status, body);
        });
        Route(app, "POST", Deployment + "/whatIf", "arm/deployments/whatif", async c =>
        {
            var subscription = HttpJson.Route(c, "subscriptionId");
            var operationId = store.StartWhatIf(subscription, HttpJson.Route(c, "resourceGroupName"), HttpJson.Route(c, "deploymentName"), await HttpJson.ReadObjectAsync(c, Service));
            c.Response.Headers.Location = Absolute(c, $"/subscriptions/{subscription}/operationresults/{operationId}");
            c.Response.Headers.RetryAfter = options.OperationRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await Json(c, 202, null);
        });
        Route(app, "GET", "/subscriptions/{subscriptionId}/operationresults/{operationId}", "arm/operationresults/get", async c =>
        {
            var (status, body) = await store.GetWhatIfResultAsync(HttpJson.Route(c, "operationId"));
            if (status == 202)
            {
                c.Response.Headers.Location = Absolute(c, c.Request.Path.Value!);
                c.Response.Headers.RetryAfter = options.OperationRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            await Json(c, status, body);
        });
        var runbook = $"{Group}/providers/{AzureResourceTypes.AutomationAccounts.Name}/{{accountName}}/runbooks/{{runbookName}}";
        Route(app, "PUT", runbook + "/draft/content", "arm/runbooks/draftcontent", async c =>
        {
            if (!(c.Request.ContentType ?? string.Empty).StartsWith("text/powershell", StringComparison.OrdinalIgnoreCase))
            {
                throw new SandboxApiException(415, "UnsupportedMediaType", $"The content type '{c.Request.ContentType}' is not supported; send the runbook text as text/powershell.");
            }

            using var content = new MemoryStream();
            await c.Request.Body.CopyToAsync(content, c.RequestAborted);
            await Accepted(c, options, store.ReplaceRunbookDraft(RunbookId(c), content.ToArray()));
        });
        Route(app, "POST", runbook + "/publish", "arm/runbooks/publish", c =>
            Accepted(c, options, store.PublishRunbook(RunbookId(c))));
        Route(app, "GET", runbook + "/content", "arm/runbooks/content", async c =>
        {
            var content = store.GetPublishedRunbook(RunbookId(c));
            c.Response.StatusCode = 200;
            c.Response.ContentType = "text/powershell";
            await c.Response.Body.WriteAsync(content, c.RequestAborted);
        });
        Route(app, "GET", Group + "/providers/{**resource}", "arm/resources/get", c =>
            Json(c, 200, store.GetResource(c.Request.Path.Value!)));
        Route(app, "DELETE", Group + "/providers/{**resource}", "arm/resources/delete", c =>
            Json(c, store.DeleteResource(c.Request.Path.Value!), null));
    }

    private static void Route(IEndpointRouteBuilder app, string method, string pattern, string operation, RequestDelegate handler) =>
        app.MapMethods(pattern, [method], async context =>
        {
            if (string.IsNullOrEmpty(HttpJson.Query(context, "api-version")))
            {
                throw new SandboxApiException(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
            }

            await handler(context);
        }).WithMetadata(new SandboxOperation(Service, operation));

    private static string RunbookId(HttpContext context) =>
        ResourceId.For(HttpJson.Route(context, "subscriptionId"), HttpJson.Route(context, "resourceGroupName"), AzureResourceTypes.Runbooks, HttpJson.Route(context, "accountName"), HttpJson.Route(context, "runbookName")).ToString();

    /// <summary>202 + Location of a finished operation (polled like a what-if result), as Azure answers runbook uploads and publishes.</summary>
    private static Task Accepted(HttpContext context, SandboxOptions options, string operationId)
    {
        context.Response.Headers.Location = Absolute(context, $"/subscriptions/{HttpJson.Route(context, "subscriptionId")}/operationresults/{operationId}");
        context.Response.Headers.RetryAfter = options.OperationRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Json(context, 202, null);
    }

    private static Task Json(HttpContext context, int status, JsonNode? body) => HttpJson.WriteAsync(context, status, body);

    private static string Absolute(HttpContext context, string path) =>
        $"{context.Request.Scheme}://{context.Request.Host}{path}?api-version={Uri.EscapeDataString(HttpJson.Query(context, "api-version") ?? AzureResourceTypes.ResourcesApiVersion)}";
}
