using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>One task of a job run as runs/get shows it: its life-cycle state, result and termination code and message.</summary>
public sealed record JobRunTask(string TaskKey, string LifeCycleState, string? ResultState, string? Code, string Message);

/// <summary>
/// A job run read from runs/get. The newer <c>status</c> shape (state, termination_details) is preferred; the classic
/// <c>state</c> (life_cycle_state, result_state, state_message) fills what it lacks, so either answer is understood.
/// </summary>
public sealed record JobRun(long RunId, long JobId, string LifeCycleState, string? ResultState, string? Code, string Message, IReadOnlyList<JobRunTask> Tasks)
{
    /// <summary>TERMINATED, SKIPPED and INTERNAL_ERROR end a run; everything else is still going.</summary>
    public bool IsTerminal => LifeCycleState is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR";

    public bool Succeeded => ResultState == "SUCCESS";

    /// <summary>The first task that failed itself (not one skipped because of it), or null.</summary>
    public JobRunTask? FailedTask => Tasks.FirstOrDefault(t => t.ResultState is "FAILED" or "TIMEDOUT" or "CANCELED");

    public static JobRun Parse(JsonObject run)
    {
        var (lifeCycle, result, code, message) = States(run);
        var tasks = (run["tasks"] as JsonArray ?? []).OfType<JsonObject>().Select(t =>
        {
            var (taskLife, taskResult, taskCode, taskMessage) = States(t);
            return new JobRunTask(t["task_key"]?.ToString() ?? "", taskLife, taskResult, taskCode, taskMessage);
        }).ToList();
        return new JobRun(run["run_id"]?.GetValue<long>() ?? 0, run["job_id"]?.GetValue<long>() ?? 0, lifeCycle, result, code, message, tasks);
    }

    private static (string LifeCycle, string? Result, string? Code, string Message) States(JsonObject item)
    {
        var state = item["state"] as JsonObject;
        var status = item["status"] as JsonObject;
        var termination = status?["termination_details"] as JsonObject;
        var lifeCycle = state?["life_cycle_state"]?.ToString() ?? status?["state"]?.ToString() ?? "PENDING";
        var message = termination?["message"]?.ToString() is { Length: > 0 } detail ? detail : state?["state_message"]?.ToString() ?? "";
        return (lifeCycle, state?["result_state"]?.ToString(), termination?["code"]?.ToString(), message);
    }
}

public sealed partial class DatabricksClient
{
    /// <summary>
    /// Starts a run of the job. With an idempotency token a retried run-now returns the same run (the service keeps the
    /// token); without one it is sent once.
    /// </summary>
    public async Task<long> RunNowAsync(long jobId, string? idempotencyToken = null, IReadOnlyDictionary<string, string>? jobParameters = null, CancellationToken ct = default)
    {
        var body = new JsonObject { ["job_id"] = jobId };
        if (idempotencyToken is not null)
        {
            body["idempotency_token"] = idempotencyToken;
        }

        if (jobParameters is { Count: > 0 })
        {
            body["job_parameters"] = new JsonObject(jobParameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        var response = await SendAsync(HttpMethod.Post, "api/2.2/jobs/run-now", body, $"jobs/run-now {jobId}", ct, notIdempotent: idempotencyToken is null);
        return response!["run_id"]!.GetValue<long>();
    }

    /// <summary>The run with its tasks, or null when it does not exist (the service's 400 "Run N does not exist." included).</summary>
    public async Task<JobRun?> GetRunAsync(long runId, CancellationToken ct = default) =>
        await GetAsync($"api/2.2/jobs/runs/get?run_id={runId}", $"jobs/runs/get {runId}", ct, allowNotFound: true) is { } run ? JobRun.Parse(run) : null;

    /// <summary>Every run of the job, newest first (all pages); only the active ones when <paramref name="activeOnly"/>.</summary>
    public async Task<IReadOnlyList<JobRun>> ListRunsAsync(long jobId, bool activeOnly = false, CancellationToken ct = default)
    {
        var runs = new List<JobRun>();
        string? token = null;
        do
        {
            var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"api/2.2/jobs/runs/list?job_id={jobId}&limit=25"));
            if (activeOnly)
            {
                query.Append("&active_only=true");
            }

            if (token is not null)
            {
                query.Append("&page_token=").Append(Uri.EscapeDataString(token));
            }

            var page = await GetAsync(query.ToString(), $"jobs/runs/list {jobId}", ct);
            runs.AddRange((page?["runs"] as JsonArray ?? []).OfType<JsonObject>().Select(JobRun.Parse));
            token = page?["has_more"]?.GetValue<bool>() == true ? page["next_page_token"]?.ToString() : null;
        }
        while (token is not null);

        return runs;
    }

    public Task CancelRunAsync(long runId, CancellationToken ct = default) =>
        PostAsync("api/2.2/jobs/runs/cancel", new JsonObject { ["run_id"] = runId }, $"jobs/runs/cancel {runId}", ct);

    /// <summary>
    /// Polls the run until it ends. Past <paramref name="timeout"/> the run is cancelled and the wait fails naming the
    /// run, so a stuck smoke run neither blocks the deploy forever nor keeps a cluster.
    /// </summary>
    public async Task<JobRun> WaitForRunAsync(long runId, TimeSpan timeout, TimeSpan pollInterval, CancellationToken ct = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var run = await GetRunAsync(runId, ct) ?? throw new ToolkitException($"Job run {runId} disappeared while it was awaited (runs/get says it does not exist).");
            if (run.IsTerminal)
            {
                return run;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                await CancelRunAsync(runId, ct);
                throw new ToolkitException($"Job run {runId} of job {run.JobId} did not finish within {timeout:g} (still {run.LifeCycleState}); it was cancelled.");
            }

            await Task.Delay(pollInterval, ct);
        }
    }
}
