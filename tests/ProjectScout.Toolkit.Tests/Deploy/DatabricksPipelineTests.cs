using System.Diagnostics;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Databricks;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>The Databricks client's Azure.Core pipeline against the sandbox: pacing, retries and what is not retried.</summary>
public class DatabricksPipelineTests
{
    private string _state = "";
    private SandboxServer _server = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _state = Repository.NewScratchDirectory("deploy-pipeline");
        _server = await SandboxHarness.StartAsync(_state);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Test]
    public async Task The_rate_limit_policy_paces_every_request_and_counts_them()
    {
        using var client = SandboxHarness.Client(_server, rate: 20);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 11).Select(_ => client.ListPoliciesAsync()));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.45)), "11 requests at 20/s need at least 10 intervals of 50 ms");
        Assert.That(client.RequestCount, Is.EqualTo(11));
        Assert.That(_server.Requests.Count("policies/list"), Is.EqualTo(11));
    }

    [Test]
    public async Task Transient_answers_are_retried_and_every_attempt_is_paced_and_counted()
    {
        _server.Faults.Add(new FaultRule { Operation = "policies/list", Kind = FaultKind.ServiceUnavailable, Count = 2, RetryAfterSeconds = 0 });
        using var client = SandboxHarness.Client(_server);
        Assert.That(await client.ListPoliciesAsync(), Is.Empty);
        Assert.That(client.RequestCount, Is.EqualTo(3));
        Assert.That(_server.Requests.Count("policies/list", 503), Is.EqualTo(2));
    }

    [Test]
    public void A_create_that_is_not_idempotent_is_not_retried_after_a_server_error()
    {
        _server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.InternalServerError, Count = 1 });
        using var client = SandboxHarness.Client(_server);
        var error = Assert.ThrowsAsync<DatabricksApiException>(() => client.CreateJobAsync(new System.Text.Json.Nodes.JsonObject { ["name"] = "j" }));
        Assert.That(error!.Status, Is.EqualTo(500));
        Assert.That(_server.Requests.Count("jobs/create"), Is.EqualTo(1), "the caller looks the job up before trying again");
    }

    [Test]
    public void A_dropped_connection_on_a_create_is_a_transport_error_sent_once()
    {
        _server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.DropConnection, Count = 1 });
        using var client = SandboxHarness.Client(_server);
        Assert.ThrowsAsync<DatabricksTransportException>(() => client.CreateJobAsync(new System.Text.Json.Nodes.JsonObject { ["name"] = "j" }));
        Assert.That(_server.Requests.Count("jobs/create"), Is.EqualTo(1));
    }
}
