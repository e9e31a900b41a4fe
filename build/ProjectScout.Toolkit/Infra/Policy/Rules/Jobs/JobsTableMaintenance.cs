using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Table maintenance is real only when a job runs it on a schedule: the jobs whose tasks run a rendered notebook that
/// OPTIMIZEs and VACUUMs (the layout comes from liquid clustering, not Z-ORDER), with their schedules. One result over every job.
/// </summary>
public sealed class JobsTableMaintenance() : JobRule("jobs.table-maintenance", WafPillar.PerformanceEfficiency, "Scheduled OPTIMIZE / VACUUM")
{
    public override string Recommendation => "Compact the Delta tables (clustered by their declared layout) and vacuum old files on a schedule, so scans stay fast as tables grow.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input)
    {
        var maintenanceNotebooks = (input.Workspace?.Notebooks ?? [])
            .Where(n => Encoding.UTF8.GetString(n.Content) is var text
                        && text.Contains("OPTIMIZE", StringComparison.Ordinal) && text.Contains("VACUUM", StringComparison.Ordinal))
            .Select(n => n.WorkspacePath)
            .ToHashSet(StringComparer.Ordinal);
        var scheduled = input.Jobs
            .Where(job => job.Settings["schedule"] is JsonObject)
            .SelectMany(job => Tasks(job)
                .Where(t => maintenanceNotebooks.Contains(GetString(t, "notebook_task.notebook_path")))
                .Select(t => (Job: job, Task: Str(t["task_key"]), Notebook: GetString(t, "notebook_task.notebook_path"), Schedule: (JsonObject)job.Settings["schedule"]!)))
            .ToList();
        yield return Check("jobs (all)", "tasks[].notebook_task.notebook_path + schedule", scheduled.Count > 0, scheduled.Count == 0
                ? $"no scheduled job runs a notebook with OPTIMIZE and VACUUM ({maintenanceNotebooks.Count} such notebooks rendered)"
                : string.Join("; ", scheduled.Select(x => $"{x.Job.Key}.{x.Task} runs {x.Notebook} at '{Str(x.Schedule["quartz_cron_expression"])}' {Str(x.Schedule["timezone_id"])} ({Str(x.Schedule["pause_status"])})")),
            type: "jobs", name: "(all)");
    }
}
