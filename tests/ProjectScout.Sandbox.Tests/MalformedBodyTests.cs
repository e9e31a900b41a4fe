using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Tests;

/// <summary>
/// Request bodies whose fields have the wrong JSON type, over HTTPS: both services refuse them with 400 and their
/// malformed-request code, naming the field (Databricks MALFORMED_REQUEST, ARM InvalidRequestContent), never a 500.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class MalformedBodyTests() : SandboxFixture("sandbox-malformed")
{
    private const string Group = "subscriptions/5a4d0b0c-5c07-4b1d-9a11-000000000001/resourceGroups/rg-malformed";
    private HttpClient _arm = null!;

    protected override Task StartedAsync()
    {
        _arm = Server.Arm();
        return Task.CompletedTask;
    }

    [OneTimeTearDown]
    public void DisposeArm() => _arm.Dispose();

    [TestCase("max_concurrent_runs", "\"x\"", "max_concurrent_runs", "a number", "a string")]
    [TestCase("timeout_seconds", "[]", "timeout_seconds", "a number", "an array")]
    [TestCase("queue", "\"on\"", "queue", "an object", "a string")]
    [TestCase("tasks", "[{\"task_key\":5}]", "tasks[0].task_key", "a string", "a number")]
    [TestCase("email_notifications", "{\"no_alert_for_skipped_runs\":\"yes\"}", "email_notifications.no_alert_for_skipped_runs", "a boolean", "a string")]
    public async Task A_Databricks_body_field_of_the_wrong_type_is_MALFORMED_REQUEST_naming_the_field(string field, string value, string path, string expected, string actual)
    {
        var reply = await Send(Client, HttpMethod.Post, "api/2.2/jobs/create", $"{{\"name\":\"wrong-type\",\"{field}\":{value}}}");
        Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "MALFORMED_REQUEST")), reply.Body?.ToJsonString());
        Assert.That((string?)reply.Body!["message"], Is.EqualTo($"Could not parse request object: Expected {expected} for field '{path}', got {actual}."));
        Assert.That((await Client.GetJsonAsync("api/2.2/jobs/list")).Body!["jobs"], Is.Null, "nothing was created");
    }

    [Test]
    public async Task A_Databricks_value_no_listed_field_covers_is_still_a_400_and_unparsable_JSON_answers_the_service_s_text()
    {
        // "catalog" is read by the handler, not listed by type: the conversion failure is translated once, in the pipeline.
        var warehouse = await Client.PostJsonAsync("api/2.0/sql/warehouses", new JsonObject { ["name"] = "w", ["cluster_size"] = "2X-Small", ["auto_stop_mins"] = 10 });
        var unlisted = await Send(Client, HttpMethod.Post, "api/2.0/sql/statements",
            $"{{\"warehouse_id\":\"{(string)warehouse.Body!["id"]!}\",\"statement\":\"CREATE CATALOG IF NOT EXISTS c\",\"catalog\":{{\"name\":\"c\"}}}}");
        Assert.That((unlisted.Status, unlisted.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "MALFORMED_REQUEST")), unlisted.Body?.ToJsonString());
        Assert.That((string?)unlisted.Body!["message"], Does.StartWith("Could not parse request object: "));

        var broken = await Send(Client, HttpMethod.Post, "api/2.2/jobs/create", "{\"name\":");
        Assert.That((broken.Status, broken.ErrorCode, (string?)broken.Body!["message"]),
            Is.EqualTo((HttpStatusCode.BadRequest, "MALFORMED_REQUEST", "Invalid JSON given in the body of the request - failed to parse given JSON")));
    }

    [TestCase("{\"location\":5}", "location", "a string", "a number")]
    [TestCase("{\"location\":\"eastus2\",\"tags\":\"env=dev\"}", "tags", "an object", "a string")]
    public async Task An_ARM_body_field_of_the_wrong_type_is_InvalidRequestContent_naming_the_field(string body, string path, string expected, string actual)
    {
        var reply = await Send(_arm, HttpMethod.Put, Group + "?api-version=2025-04-01", body);
        Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "InvalidRequestContent")), reply.Body?.ToJsonString());
        Assert.That((string?)reply.Body!["error"]!["message"],
            Is.EqualTo($"The request content was invalid and could not be deserialized: 'Expected {expected} for field '{path}', got {actual}.'"));
        Assert.That((await _arm.GetJsonAsync(Group + "?api-version=2025-04-01")).Status, Is.EqualTo(HttpStatusCode.NotFound), "nothing was created");
    }

    private static async Task<Reply> Send(HttpClient client, HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text), response.Headers);
    }
}
