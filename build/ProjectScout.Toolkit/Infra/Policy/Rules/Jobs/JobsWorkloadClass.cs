using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Workspace;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Each rendered job runs as its workload class declares (its template's `workload:` line → workload.classes): job timeout, run-duration
/// health rule, queue and concurrency, the job clusters' availability (on demand for critical jobs, spot with fallback
/// for the rest) and failure e-mails to the class's alert tier. Evidence for the report's workload-management row.
/// </summary>
public sealed class JobsWorkloadClass() : JobRule("jobs.workload-class", WafPillar.CostOptimization, "Jobs run as their workload class declares (priority, spot, timeouts, health, alert tier)")
{
    public override string Recommendation => "Declare every job's workload class on its template's first line ({{~ # workload: <class> ~}}) and render it from the class (job_common and job_cluster partials).";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input)
    {
        var workload = input.Environment.Workload;
        foreach (var job in input.Jobs)
        {
            if (Rendering.WorkloadScript.ClassOf(job.Settings) is not { } classKey || !workload.Classes.TryGetValue(classKey, out var cls))
            {
                yield return JobCheck(job, "workload", false, $"{job.Key} has no workload class of workload.classes in its {Rendering.WorkloadScript.ClassTag} tag");
                continue;
            }

            var emails = input.Environment.Alerting.Tier(cls.AlertTier)?.Emails ?? [];
            var settings = job.Settings;
            var differences = new List<string>();
            void Expect(string what, string actual, string expected)
            {
                if (actual != expected)
                {
                    differences.Add($"{what} = {actual}, class says {expected}");
                }
            }

            Expect("timeout_seconds", Json(settings["timeout_seconds"]), cls.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var duration = (settings["health"]?["rules"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(r => GetString(r, "metric") == BundleValidator.RunDurationMetric);
            Expect("health RUN_DURATION_SECONDS", Json(duration?["value"]), cls.DurationWarningSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Expect("queue.enabled", Json(settings["queue"]?["enabled"]), cls.Queue ? "true" : "false");
            Expect("max_concurrent_runs", Json(settings["max_concurrent_runs"]), cls.MaxConcurrentRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var cluster in Clusters(job))
            {
                Expect($"{Key(cluster)} azure_attributes.availability", Str(cluster["new_cluster"]?["azure_attributes"]?["availability"]), cls.Availability);
            }

            var onFailure = (settings["email_notifications"]?["on_failure"] as JsonArray ?? []).Select(Str).ToList();
            Expect("email_notifications.on_failure", string.Join(",", onFailure), string.Join(",", emails));
            yield return JobCheck(job, "workload", differences.Count == 0, differences.Count == 0
                ? $"{job.Key}: class {classKey} ({(cls.Critical ? "critical" : "non-critical")}, {cls.Availability}, timeout {cls.TimeoutSeconds} s, warning {cls.DurationWarningSeconds} s, failures to tier {cls.AlertTier})"
                : $"{job.Key}: class {classKey}, but {string.Join("; ", differences)}");
        }
    }
}
