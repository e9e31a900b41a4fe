using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Workspace;

/// <summary>Every job can be operated: a job-level timeout and a run-duration health rule that warns before it.</summary>
public sealed partial class BundleValidator
{
    public const string RunDurationMetric = "RUN_DURATION_SECONDS";

    private void Operations(BundleJob job, List<Problem> problems)
    {
        var timeout = job.Settings["timeout_seconds"] is JsonValue t && t.TryGetValue<long>(out var seconds) ? seconds : 0;
        if (timeout <= 0)
        {
            problems.Add(Locate(job.SourceFile, "\"timeout_seconds\"", 0, "job.timeout",
                $"job {job.Key} has no job-level timeout_seconds (0 or absent means a run may hang forever); include the job_common partial, which takes it from the job's workload class"));
        }

        var durations = (job.Settings["health"]?["rules"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => GetString(r, "metric") == RunDurationMetric && GetString(r, "op") == "GREATER_THAN")
            .Select(r => r["value"] is JsonValue v && v.TryGetValue<long>(out var value) ? value : 0).ToList();
        if (durations.Count == 0)
        {
            problems.Add(Locate(job.SourceFile, "\"health\"", 0, "job.health",
                $"job {job.Key} has no health rule {RunDurationMetric} GREATER_THAN: a slow run warns nobody before its timeout; include the job_common partial"));
        }
        else if (timeout > 0 && durations.Any(d => d <= 0 || d >= timeout))
        {
            problems.Add(Locate(job.SourceFile, "\"health\"", 0, "job.health",
                $"job {job.Key}'s {RunDurationMetric} warning ({string.Join(", ", durations)} s) must be positive and below its timeout ({timeout} s)"));
        }
    }
}
