using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class JobsAutoscale() : JobRule("jobs.autoscale", WafPillar.CostOptimization, "Job clusters autoscale")
{
    public override string Recommendation => "Autoscale job clusters between the environment's min and max workers.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input) =>
        input.Jobs.SelectMany(job => Clusters(job).Select(cluster =>
        {
            var autoscale = cluster["new_cluster"]?["autoscale"] as JsonObject;
            return ClusterCheck(job, Key(cluster), "new_cluster.autoscale", autoscale is not null && Number(autoscale["max_workers"]) >= Number(autoscale["min_workers"]),
                $"{job.Key}.job_clusters[{Key(cluster)}].new_cluster.autoscale = {Json(autoscale)}");
        }));
}
