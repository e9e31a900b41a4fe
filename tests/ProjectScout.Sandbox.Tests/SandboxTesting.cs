using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Toolkit.Bicep;

namespace ProjectScout.Sandbox.Tests;

/// <summary>A reply as the tests look at it: status, the JSON body (null when empty) and the headers.</summary>
internal sealed record Reply(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers)
{
    public string? ErrorCode => (string?)Body?["error_code"] ?? (string?)Body?["error"]?["code"];
}

internal static class SandboxTesting
{
    public static Task<SandboxServer> StartAsync(string root, FaultSettings? faults = null) => SandboxServer.StartAsync(Options(root, faults));

    /// <summary>State under <paramref name="root"/>, no Retry-After waits, the real Bicep evaluator.</summary>
    public static SandboxOptions Options(string root, FaultSettings? faults = null) => new()
    {
        StateDirectory = Path.Combine(root, "state"),
        OperationRetryAfterSeconds = 0,
        Faults = faults ?? new FaultSettings(),
        TemplateEvaluator = new BicepTemplateEvaluator(),
    };

    public static async Task<Reply> SendJsonAsync(this HttpClient client, HttpMethod method, string url, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text), response.Headers);
    }

    public static Task<Reply> PostJsonAsync(this HttpClient client, string url, JsonNode body) => client.SendJsonAsync(HttpMethod.Post, url, body);

    public static Task<Reply> GetJsonAsync(this HttpClient client, string url) => client.SendJsonAsync(HttpMethod.Get, url);

    public static HttpClient Databricks(this SandboxServer server) => server.CreateClient(SandboxService.Databricks);

    public static HttpClient Arm(this SandboxServer server) => server.CreateClient(SandboxService.Arm);

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}
