using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class JobsFailureNotification() : JobRule("jobs.failure-notification", WafPillar.OperationalExcellence, "Job failure notifications")
{
    public override string Recommendation => "Notify the alert tier of the job's workload class (workload.classes.<class>.alertTier) when a run fails.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input) => input.Jobs.Select(job =>
    {
        var onFailure = job.Settings["email_notifications"]?["on_failure"] as JsonArray;
        return JobCheck(job, "email_notifications.on_failure", onFailure is { Count: > 0 }, $"{job.Key}.email_notifications.on_failure = {Json(onFailure)}");
    });
}
