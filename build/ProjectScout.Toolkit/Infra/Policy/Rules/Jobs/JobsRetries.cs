using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Docs;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>A quality gate's verdict is deterministic for its input: retrying it only delays the failure, so gates are exempt.</summary>
public sealed class JobsRetries() : JobRule("jobs.retries", WafPillar.Reliability, "Processing tasks retry transient failures")
{
    public override string Recommendation => "Retry transient task failures (max_retries with a back-off interval).";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input) => input.Jobs.Select(job =>
    {
        var tasks = Tasks(job);
        var processing = tasks.Where(t => !LayerFacts.IsQualityGate(input.Lakehouse, t)).ToList();
        var withoutRetries = processing.Where(t => !(Number(t["max_retries"]) >= 1)).Select(t => Str(t["task_key"])).ToList();
        return JobCheck(job, "tasks[].max_retries", processing.Count > 0 && withoutRetries.Count == 0, withoutRetries.Count == 0
            ? $"{job.Key}: {processing.Count} processing tasks have max_retries ≥ 1 ({tasks.Count - processing.Count} quality-gate tasks exempt)"
            : $"{job.Key}: no retries on {string.Join(", ", withoutRetries)}");
    });
}
