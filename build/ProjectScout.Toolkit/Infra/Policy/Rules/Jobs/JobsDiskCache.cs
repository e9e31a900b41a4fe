using ProjectScout.Toolkit.Docs;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>The clusters that run the serving layers' work read the same Delta files again and again: cache them on disk.</summary>
public sealed class JobsDiskCache() : JobRule("jobs.disk-cache", WafPillar.PerformanceEfficiency, $"Disk cache on the clusters that read {string.Join(" and ", ServingLayers)}")
{
    private const string DiskCache = "spark.databricks.io.cache.enabled";

    // LEAD: take serving layers from the lakehouse model (the layers whose tables dashboards read), instead of these names.
    private static readonly string[] ServingLayers = ["gold", "platinum"];

    public override string Recommendation => "Enable the Databricks disk cache where the same Delta files are read repeatedly.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input)
    {
        foreach (var job in input.Jobs)
        {
            var serving = Tasks(job)
                .Where(t => !LayerFacts.IsQualityGate(t) && ServingLayers.Any(layer => Str(t["task_key"]).StartsWith(layer, StringComparison.Ordinal)))
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
