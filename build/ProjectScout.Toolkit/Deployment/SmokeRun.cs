using System.Text;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Runs the environment's daily job once and requires SUCCESS, so a green deploy means a runnable pipeline. The daily
/// job is the bundle job the environment's daily schedule (databricks.schedules.dailyMedallion) triggers. It runs after
/// the last phase (<see cref="DeployPhases.SmokeRunAfter"/>): it needs phase 1's workspace content and Unity Catalog
/// objects, and in a real environment phase 2's private endpoints (the lake refuses public traffic).
/// </summary>
public static class SmokeRun
{
    public static async Task RunAsync(DeployConnection connection, CancellationToken ct)
    {
        var environment = connection.Target.Environment;
        var job = DailyJob(WorkspaceBundle.Load(connection.Artifacts, environment), environment.Databricks.Schedules.DailyMedallion, connection.EnvironmentName);
        var client = await WorkspaceClientAsync(connection, ct);
        var live = (await client.ListJobsAsync(job.Name, ct: ct))
            .OrderBy(j => j["settings"]?["tags"]?[WorkspaceBundle.KeyTag]?.ToString() == job.Key ? 0 : 1)
            .ThenBy(j => j["job_id"]!.GetValue<long>())
            .FirstOrDefault() ?? throw new ToolkitException($"Smoke run: the daily job '{job.Name}' is not in the workspace of '{connection.EnvironmentName}'; deploy phase {WorkspacePhase.Number} first.");
        var jobId = live["job_id"]!.GetValue<long>();
        var timeout = TimeSpan.FromSeconds(job.Settings["timeout_seconds"]?.GetValue<long>() is > 0 and var seconds ? seconds : 6 * 3600) + TimeSpan.FromMinutes(10);
        connection.Log($"Smoke run: running the daily job '{job.Name}' (job {jobId}) once…");
        var runId = await client.RunNowAsync(jobId, idempotencyToken: "smoke-" + Guid.NewGuid().ToString("N"), ct: ct);
        var run = await client.WaitForRunAsync(runId, timeout, connection.Options.SmokeRunPollInterval, ct);
        if (!run.Succeeded)
        {
            throw new ToolkitException(Describe(job.Name, run));
        }

        connection.Log($"Smoke run: the daily job '{job.Name}' (job {jobId}) run {runId} ended SUCCESS ({run.Tasks.Count} task(s)).");
    }

    /// <summary>The one bundle job the daily schedule triggers; none or several is a declaration error.</summary>
    public static BundleJob DailyJob(WorkspaceBundle bundle, string dailyCron, string environment)
    {
        var daily = bundle.Jobs.Where(j => j.Settings["schedule"]?["quartz_cron_expression"]?.ToString() == dailyCron).ToList();
        return daily.Count == 1
            ? daily[0]
            : throw new ToolkitException(
                $"Smoke run: {daily.Count} job(s) of '{environment}' are scheduled by databricks.schedules.dailyMedallion ('{dailyCron}'); exactly one job template must use it.");
    }

    /// <summary>One line: "… run R ended FAILED: task K failed (CODE): message. Skipped because of it: …", the failing task first.</summary>
    public static string Describe(string jobName, JobRun run)
    {
        var text = new StringBuilder($"Smoke run: the daily job '{jobName}' (job {run.JobId}) run {run.RunId} ended {run.ResultState ?? run.LifeCycleState}");
        if (run.FailedTask is { } failed)
        {
            text.Append($": task {failed.TaskKey} failed ({failed.Code ?? failed.ResultState}): {failed.Message}");
        }
        else if (run.Message.Length > 0)
        {
            text.Append(": ").Append(run.Message);
        }

        var skipped = run.Tasks.Where(t => t.ResultState is "UPSTREAM_FAILED" or "UPSTREAM_CANCELED").Select(t => t.TaskKey).ToList();
        if (skipped.Count > 0)
        {
            text.Append(text[^1] == '.' ? " " : ". ").Append($"Skipped because of it: {string.Join(", ", skipped)}.");
        }

        return text.ToString();
    }

    /// <summary>The phase that deploys workspace content (the daily job with it).</summary>
    private static DeployPhase WorkspacePhase => DeployPhases.All.First(p => p.Planes.Contains(DeployPhases.Workspace));

    /// <summary>The workspace the phase that deploys workspace content created, read from that phase's recorded deployment outputs.</summary>
    private static async Task<DatabricksClient> WorkspaceClientAsync(DeployConnection connection, CancellationToken ct) =>
        (await WorkspacePlane.RecordedWorkspaceAsync(connection, connect: true, ct)).Client
            ?? throw new ToolkitException($"Smoke run: no Databricks workspace is recorded for '{connection.EnvironmentName}' (phase {WorkspacePhase.Number} deploys it).");
}
