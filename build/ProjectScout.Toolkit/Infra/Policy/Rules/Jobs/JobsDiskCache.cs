using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Docs;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>The clusters that run the served layers' work (templates/lakehouse.yaml, <c>served: true</c>) read the same Delta files again and again: cache them on disk.</summary>
public sealed class JobsDiskCache() : JobRule("jobs.disk-cache", WafPillar.PerformanceEfficiency, "Disk cache on the clusters that run the served layers")
{
    private const string DiskCache = "spark.databricks.io.cache.enabled";

    public override string Recommendation => "Enable the Databricks disk cache where the same Delta files are read repeatedly.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input)
    {
        foreach (var job in input.Jobs)
        {
            var serving = Tasks(job)
                .Where(t => !LayerFacts.IsQualityGate(input.Lakehouse, t) && input.Lakehouse.ServedTaskKeys.Contains(Str(t["task_key"])))
                .Select(t => Str(t["job_cluster_key"])).ToHashSet(StringComparer.Ordinal);
            foreach (var cluster in Clusters(job).Where(c => serving.Contains(Key(c))))
            {
                var value = cluster["new_cluster"]?["spark_conf"]?[DiskCache];
                yield return ClusterCheck(job, Key(cluster), $"new_cluster.spark_conf[{DiskCache}]", Str(value) == "true",
                    $"{job.Key}.job_clusters[{Key(cluster)}].new_cluster.spark_conf[{DiskCache}] = {Json(value)}");
            }
        }
    }
}
