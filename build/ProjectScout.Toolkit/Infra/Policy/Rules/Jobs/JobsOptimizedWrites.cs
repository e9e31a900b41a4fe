using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class JobsOptimizedWrites() : JobRule("jobs.optimized-writes", WafPillar.PerformanceEfficiency, "Delta optimized writes on job clusters")
{
    private const string OptimizeWrite = "spark.databricks.delta.optimizeWrite.enabled";

    public override string Recommendation => "Write fewer, larger Delta files so reads stay fast without constant compaction.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input) =>
        input.Jobs.SelectMany(job => Clusters(job).Select(cluster =>
        {
            var value = cluster["new_cluster"]?["spark_conf"]?[OptimizeWrite];
            return ClusterCheck(job, Key(cluster), $"new_cluster.spark_conf[{OptimizeWrite}]", Str(value) == "true",
                $"{job.Key}.job_clusters[{Key(cluster)}].new_cluster.spark_conf[{OptimizeWrite}] = {Json(value)}");
        }));
}
