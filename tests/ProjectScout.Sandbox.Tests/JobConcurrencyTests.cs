using System.Net;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Tests;

/// <summary>
/// run-now against a job already at max_concurrent_runs, over HTTPS: without queueing the new run is SKIPPED with the
/// service's result, termination code and message; with queue.enabled it waits QUEUED for a slot and then runs;
/// max_concurrent_runs 0 skips every new run.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class JobConcurrencyTests() : SandboxFixture("sandbox-concurrency")
{
    protected override SandboxOptions Options(string root) => new()
    {
        StateDirectory = Path.Combine(root, "state"),
        RunStepDuration = TimeSpan.FromMilliseconds(500),
    };

    protected override async Task StartedAsync()
    {
        await Client.PostJsonAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = "/Shared/concurrency" });
        await Client.PostJsonAsync("api/2.0/workspace/import", new JsonObject
        {
            ["path"] = "/Shared/concurrency/plain", ["format"] = "SOURCE", ["language"] = "PYTHON",
            ["content"] = SandboxTesting.Base64("# Databricks notebook source\nprint('plain')\n"),
        });
    }

    [Test]
    public async Task A_run_beyond_max_concurrent_runs_is_SKIPPED_without_a_queue_and_every_run_is_skipped_at_zero()
    {
        var job = await Job(maxConcurrentRuns: 1, queue: false);
        var first = await RunNow(job);
        var second = await RunNow(job);

        var skipped = (await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={second}")).Body!;
        Assert.That(((string?)skipped["state"]!["life_cycle_state"], (string?)skipped["state"]!["result_state"], (string?)skipped["state"]!["state_message"]),
            Is.EqualTo(("SKIPPED", "MAXIMUM_CONCURRENT_RUNS_REACHED", "Skipping this run because the limit of 1 maximum concurrent runs has been reached.")));
        Assert.That(((string?)skipped["status"]!["state"], (string?)skipped["status"]!["termination_details"]!["code"]), Is.EqualTo(("TERMINATED", "MAX_CONCURRENT_RUNS_EXCEEDED")));
        Assert.That((long)skipped["end_time"]!, Is.GreaterThan(0), "a skipped run has ended");
        var active = (await Client.GetJsonAsync($"api/2.2/jobs/runs/list?job_id={job}&active_only=true")).Body!;
        Assert.That(active["runs"]!.AsArray().Select(r => (long)r!["run_id"]!), Is.EqualTo(new[] { first }), "the skipped run is not active; the first still is");
        Assert.That((string?)(await WaitAsync(first))["state"]!["result_state"], Is.EqualTo("SUCCESS"), "the active run is not disturbed");

        var closed = await Job(maxConcurrentRuns: 0, queue: true);
        var never = (await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={await RunNow(closed)}")).Body!;
        Assert.That(((string?)never["state"]!["life_cycle_state"], (string?)never["state"]!["state_message"]),
            Is.EqualTo(("SKIPPED", "Skipping this run because the limit of 0 maximum concurrent runs has been reached.")), "0 skips all new runs, queue or not");
    }

    [Test]
    public async Task A_run_beyond_max_concurrent_runs_waits_QUEUED_when_the_job_queues_and_runs_once_a_slot_frees()
    {
        var job = await Job(maxConcurrentRuns: 2, queue: true);
        var first = await RunNow(job);
        var second = await RunNow(job);
        var third = await RunNow(job);

        var lifeCycles = new List<string?>();
        foreach (var runId in new[] { first, second, third })
        {
            lifeCycles.Add((string?)(await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}")).Body!["state"]!["life_cycle_state"]);
        }

        Assert.That(lifeCycles.Take(2), Is.All.AnyOf("PENDING", "RUNNING"), "two runs fit in max_concurrent_runs 2");
        Assert.That(lifeCycles[2], Is.EqualTo("QUEUED"));
        var queued = (await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={third}")).Body!;
        Assert.That(((string?)queued["status"]!["state"], (string?)queued["status"]!["queue_details"]!["code"]), Is.EqualTo(("QUEUED", "MAX_CONCURRENT_RUNS_REACHED")));

        var firstDone = await WaitAsync(first);
        var thirdDone = await WaitAsync(third);
        Assert.That(((string?)thirdDone["state"]!["life_cycle_state"], (string?)thirdDone["state"]!["result_state"]), Is.EqualTo(("TERMINATED", "SUCCESS")));
        Assert.That((long)thirdDone["tasks"]![0]!["start_time"]!, Is.GreaterThanOrEqualTo((long)firstDone["end_time"]!), "the queued run starts when a slot frees");
        Assert.That((long)thirdDone["queue_duration"]!, Is.GreaterThan(0));
        Assert.That(thirdDone["status"]!["queue_details"], Is.Null, "no queue details once the run left the queue");
    }

    private async Task<long> Job(int maxConcurrentRuns, bool queue)
    {
        var created = await Client.PostJsonAsync("api/2.2/jobs/create", new JsonObject
        {
            ["name"] = SandboxTesting.Unique("concurrency"),
            ["max_concurrent_runs"] = maxConcurrentRuns,
            ["queue"] = new JsonObject { ["enabled"] = queue },
            ["job_clusters"] = new JsonArray(new JsonObject
            {
                ["job_cluster_key"] = "etl",
                ["new_cluster"] = new JsonObject { ["spark_version"] = "15.4.x-scala2.12", ["node_type_id"] = "Standard_D4ds_v5", ["num_workers"] = 1 },
            }),
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["task_key"] = "only", ["job_cluster_key"] = "etl", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Shared/concurrency/plain" },
            }),
        });
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.OK), created.Body?.ToJsonString());
        return (long)created.Body!["job_id"]!;
    }

    private async Task<long> RunNow(long job)
    {
        var started = await Client.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = job });
        Assert.That(started.Status, Is.EqualTo(HttpStatusCode.OK), started.Body?.ToJsonString());
        return (long)started.Body!["run_id"]!;
    }

    private async Task<JsonNode> WaitAsync(long runId)
    {
        for (var waited = 0; ; waited += 25)
        {
            var run = (await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}")).Body!;
            if ((string?)run["state"]!["life_cycle_state"] is "TERMINATED" or "SKIPPED" || waited > 10_000)
            {
                return run;
            }

            await Task.Delay(25);
        }
    }
}
