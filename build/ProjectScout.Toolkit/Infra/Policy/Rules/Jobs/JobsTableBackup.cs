using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Quality;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Backups are real only when a scheduled job (unpaused, unless the environment pauses every schedule) runs a rendered notebook that deep-clones every contract table
/// (recovery.backupCatalog in the backup account). One result over every job.
/// </summary>
public sealed class JobsTableBackup() : JobRule("jobs.table-backup", WafPillar.Reliability, "Scheduled deep clone of every table into the backup account")
{
    public override string Recommendation => "Run the backup job (juicer_daily_backup) on a schedule so every contract table is deep-cloned into the backup catalog.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input)
    {
        var sql = SqlDialect.Spark(input.Environment.Databricks.Catalog);
        var tables = (input.Contracts?.Tables ?? []).Select(t => sql.Table(t.Name)).ToList();
        var backupNotebooks = (input.Workspace?.Notebooks ?? [])
            .Select(n => (n.WorkspacePath, Text: Encoding.UTF8.GetString(n.Content)))
            .Where(n => n.Text.Contains("DEEP CLONE", StringComparison.Ordinal))
            .ToDictionary(n => n.WorkspacePath, n => tables.Where(t => !n.Text.Contains("DEEP CLONE " + t, StringComparison.Ordinal)).ToList(), StringComparer.Ordinal);
        var runs = input.Jobs
            // Paused counts only where the environment pauses every schedule (databricks.schedules.paused, e.g. the sandbox).
            .Where(job => job.Settings["schedule"] is JsonObject schedule && (Str(schedule["pause_status"]) != "PAUSED" || input.Environment.Databricks.Schedules.Paused))
            .SelectMany(job => Tasks(job)
                .Where(t => backupNotebooks.ContainsKey(GetString(t, "notebook_task.notebook_path")))
                .Select(t => (Job: job, Notebook: GetString(t, "notebook_task.notebook_path"), Cron: GetString(job.Settings, "schedule.quartz_cron_expression"))))
            .ToList();
        var complete = runs.FirstOrDefault(r => backupNotebooks[r.Notebook].Count == 0);
        yield return Check("jobs (all)", "tasks[].notebook_task.notebook_path + schedule", complete.Job is not null,
            complete.Job is not null ? $"{complete.Job.Key} deep-clones all {tables.Count} contract tables via {complete.Notebook} at '{complete.Cron}'"
            : runs.Count == 0 ? $"no scheduled, unpaused job runs a notebook with DEEP CLONE ({backupNotebooks.Count} such notebooks rendered)"
            : $"{runs[0].Job.Key} leaves out {string.Join(", ", backupNotebooks[runs[0].Notebook])}",
            type: "jobs", name: "(all)");
    }
}
