using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Faults;

namespace ProjectScout.Sandbox.Tests;

/// <summary>Every fault kind injected and observed by a real client, and the request log that counts what happened.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class FaultInjectionTests() : SandboxFixture("sandbox-faults")
{
    [SetUp]
    public void ClearFaults() => Server.Faults.Clear();

    private static JsonObject NewJob(string name) => new() { ["name"] = name, ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "t", ["existing_cluster_id"] = "c-1" }) };

    [TestCase(FaultKind.TooManyRequests, HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED")]
    [TestCase(FaultKind.InternalServerError, HttpStatusCode.InternalServerError, "INTERNAL_ERROR")]
    [TestCase(FaultKind.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, "TEMPORARILY_UNAVAILABLE")]
    public async Task A_status_fault_fails_the_named_operation_N_times_then_lets_it_through(FaultKind kind, HttpStatusCode status, string code)
    {
        Server.Faults.Add(new FaultRule { Operation = "jobs/list", Kind = kind, Count = 2, RetryAfterSeconds = 7 });
        var before = Server.Requests.Count("jobs/list", (int)status);
        for (var i = 0; i < 2; i++)
        {
            var reply = await Client.GetJsonAsync("api/2.2/jobs/list");
            Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((status, code)));
            if (kind != FaultKind.InternalServerError)
            {
                Assert.That(reply.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
            }
        }

        Assert.That((await Client.GetJsonAsync("api/2.2/jobs/list")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetJsonAsync("api/2.0/policies/clusters/list")).Status, Is.EqualTo(HttpStatusCode.OK), "other operations are untouched");
        Assert.That(Server.Requests.Count("jobs/list", (int)status) - before, Is.EqualTo(2));
    }

    [Test]
    public async Task An_ARM_fault_answers_in_the_ARM_error_shape()
    {
        Server.Faults.Add(new FaultRule { Operation = "arm/*", Kind = FaultKind.TooManyRequests });
        using var arm = Server.Arm();
        var reply = await arm.GetJsonAsync("subscriptions/s/resourcegroups/rg?api-version=2025-04-01");
        Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((HttpStatusCode.TooManyRequests, "TooManyRequests")));
        Assert.That(reply.Body!["error"]!["message"], Is.Not.Null);
    }

    [Test]
    public async Task A_dropped_connection_gives_the_client_no_response()
    {
        Server.Faults.Add(new FaultRule { Operation = "jobs/get", Kind = FaultKind.DropConnection });
        Assert.ThrowsAsync<HttpRequestException>(() => Client.GetJsonAsync("api/2.2/jobs/get?job_id=1"));
        // The server logs the aborted exchange after the client has seen the connection drop: wait for the entry.
        for (var waited = 0; !Server.Requests.Where("jobs/get").Any() && waited < 5000; waited += 50)
        {
            await Task.Delay(50);
        }

        Assert.That(Server.Requests.Where("jobs/get").Last().Status, Is.EqualTo(0), "logged as dropped");
        Assert.That((await Client.GetJsonAsync("api/2.2/jobs/get?job_id=1")).Status, Is.EqualTo(HttpStatusCode.BadRequest), "the next call goes through (Job 1 does not exist)");
    }

    [Test]
    public async Task A_slow_response_arrives_after_the_delay()
    {
        Server.Faults.Add(new FaultRule { Operation = "policies/list", Kind = FaultKind.Delay, DelayMilliseconds = 600 });
        var watch = Stopwatch.StartNew();
        var reply = await Client.GetJsonAsync("api/2.0/policies/clusters/list");
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(watch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(550));
    }

    [Test]
    public async Task A_fault_after_the_operation_keeps_the_change_but_the_client_sees_an_error()
    {
        var name = SandboxTesting.Unique("created-anyway");
        Server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.InternalServerError, AfterOperation = true });
        var reply = await Client.PostJsonAsync("api/2.2/jobs/create", NewJob(name));
        Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((HttpStatusCode.InternalServerError, "INTERNAL_ERROR")));
        var listed = await Client.GetJsonAsync($"api/2.2/jobs/list?name={name}");
        Assert.That(listed.Body!["jobs"]!.AsArray(), Has.Count.EqualTo(1), "the job was created although the client saw a failure");

        Server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.DropConnection, AfterOperation = true });
        Assert.ThrowsAsync<HttpRequestException>(() => Client.PostJsonAsync("api/2.2/jobs/create", NewJob(name)));
        Assert.That((await Client.GetJsonAsync($"api/2.2/jobs/list?name={name}")).Body!["jobs"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Skip_lets_the_first_calls_through_and_fails_a_later_one()
    {
        Server.Faults.Add(new FaultRule { Operation = "secrets/scopes/list", Kind = FaultKind.ServiceUnavailable, Skip = 2, Count = 1 });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await Client.GetJsonAsync("api/2.0/secrets/scopes/list")).Status);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK }));
    }

    [Test]
    public async Task Above_the_rate_limit_requests_get_429_with_Retry_After()
    {
        Server.Faults.SetRateLimit(3);
        var replies = new List<Reply>();
        for (var i = 0; i < 6; i++)
        {
            replies.Add(await Client.GetJsonAsync("api/2.0/policies/clusters/list"));
        }

        var limited = replies.Where(r => r.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.That(replies.Take(3).All(r => r.Status == HttpStatusCode.OK));
        Assert.That(limited, Is.Not.Empty);
        Assert.That(limited[0].Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Server.Faults.SetRateLimit(null);
        Assert.That((await Client.GetJsonAsync("api/2.0/policies/clusters/list")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_request_log_is_served_at_sandbox_requests_and_written_to_its_file()
    {
        await Client.GetJsonAsync("api/2.0/workspace/list?path=/");
        using var control = Server.Databricks();
        var log = await control.GetJsonAsync("_sandbox/requests?operation=workspace/list");
        Assert.That((int)log.Body!["count"]!, Is.EqualTo(Server.Requests.Count("workspace/list")).And.GreaterThan(0));
        var entry = log.Body!["requests"]![0]!;
        Assert.That(((string?)entry["method"], (string?)entry["path"], (int?)entry["status"]), Is.EqualTo(("GET", "/api/2.0/workspace/list?path=/", 200)));
        Assert.That(File.ReadAllLines(Server.Requests.FilePath).Any(l => l.Contains("\"operation\":\"workspace/list\"", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Faults_can_be_set_over_HTTP_and_from_the_environment()
    {
        using var control = Server.Databricks();
        var put = await control.SendJsonAsync(HttpMethod.Put, "_sandbox/faults", JsonNode.Parse("""{"rules":[{"operation":"workspace/get-status","kind":"InternalServerError"}]}"""));
        Assert.That(put.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetJsonAsync("api/2.0/workspace/get-status?path=/")).Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        var bad = await control.SendJsonAsync(HttpMethod.Put, "_sandbox/faults", JsonNode.Parse("""{"rules":[{"operation":"x","kind":"Meteor"}]}"""));
        Assert.That(bad.Status, Is.EqualTo(HttpStatusCode.BadRequest));

        var file = Path.Combine(Root, "faults.json");
        await File.WriteAllTextAsync(file, """{"rules":[{"operation":"jobs/create","kind":"TooManyRequests","count":3,"afterOperation":true}]}""");
        var settings = FaultSettings.FromEnvironment(name => name switch
        {
            FaultSettings.FaultsVariable => file,
            FaultSettings.RateLimitVariable => "15",
            _ => null,
        });
        Assert.That((settings.Rules.Single().Kind, settings.Rules.Single().Count, settings.Rules.Single().AfterOperation, settings.RateLimitPerSecond),
            Is.EqualTo((FaultKind.TooManyRequests, 3, true, 15.0)));
        Assert.Throws<ArgumentException>(() => FaultSettings.FromEnvironment(name => name == FaultSettings.RateLimitVariable ? "fast" : null));
    }
}
