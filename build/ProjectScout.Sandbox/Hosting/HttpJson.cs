using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ProjectScout.Sandbox.Hosting;

/// <summary>Small helpers to read and write JSON bodies without model binding (the handlers work on JSON nodes).</summary>
internal static class HttpJson
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, SandboxService service)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject
                ?? throw Malformed(service, "The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            // Databricks' text (quoted from its answers in public scripts); ARM's prefix as in RequestFieldKinds.
            throw Malformed(service, service == SandboxService.Arm
                ? $"The request content was invalid and could not be deserialized: '{ex.Message}'"
                : "Invalid JSON given in the body of the request - failed to parse given JSON");
        }

        RequestFieldKinds.Check(service, body);
        return body;
    }

    public static SandboxApiException Malformed(SandboxService service, string message) =>
        service == SandboxService.Arm
            ? new SandboxApiException(400, "InvalidRequestContent", message)
            : new SandboxApiException(400, "MALFORMED_REQUEST", message);

    /// <summary>A 200 with <paramref name="body"/>.</summary>
    public static Task OkAsync(HttpContext context, JsonObject body) => WriteAsync(context, 200, body);

    /// <summary>The route value <paramref name="name"/>, or empty.</summary>
    public static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? string.Empty;

    public static Task WriteAsync(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        if (body is null)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(Compact), context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, SandboxService service, int status, string code, string message, string? target = null)
    {
        JsonObject body;
        if (service == SandboxService.Arm)
        {
            var error = new JsonObject { ["code"] = code, ["message"] = message };
            if (target is not null)
            {
                error["target"] = target;
            }

            error["details"] = new JsonArray();
            body = new JsonObject { ["error"] = error };
            context.Response.Headers["x-ms-failure-cause"] = "gateway";
        }
        else
        {
            body = new JsonObject { ["error_code"] = code, ["message"] = message };
        }

        return WriteAsync(context, status, body);
    }

    public static string? Query(HttpContext context, string name)
    {
        var value = context.Request.Query[name];
        return value.Count == 0 ? null : value[^1];
    }

    /// <summary>A JSON number as long, whatever CLR type backs the node (nodes built in code are int-backed and refuse a (long) cast).</summary>
    public static long? AsLong(this JsonNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number == Math.Floor(number))
        {
            return (long)number;
        }

        throw new SandboxApiException(400, "INVALID_PARAMETER_VALUE", $"{field} must be an integer (was {node.ToJsonString()}).");
    }
}
