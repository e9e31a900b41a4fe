using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class JobsClusterPolicy() : JobRule("jobs.cluster-policy", WafPillar.CostOptimization, "Job clusters governed by a cluster policy")
{
    public override string Recommendation => "Bind every job cluster to a rendered cluster policy (VM types, autoscale bounds, tags).";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input)
    {
        var policies = input.Workspace?.Policies.Select(p => p.Placeholder).ToHashSet(StringComparer.Ordinal) ?? [];
        return input.Jobs.SelectMany(job => Clusters(job).Select(cluster =>
        {
            var policyId = cluster["new_cluster"]?["policy_id"];
            var policy = Str(policyId);
            return ClusterCheck(job, Key(cluster), "new_cluster.policy_id", policies.Contains(policy),
                $"{job.Key}.job_clusters[{Key(cluster)}].new_cluster.policy_id = {Json(policyId)}{(policy.Length > 0 && !policies.Contains(policy) ? " (no such policy rendered)" : "")}");
        }));
    }
}
