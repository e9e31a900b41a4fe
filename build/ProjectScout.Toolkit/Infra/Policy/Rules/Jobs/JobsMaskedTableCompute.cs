using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// The clusters of the layers' work (the daily job) can read tables with column masks and row filters: standard access
/// mode (USER_ISOLATION) on any Unity Catalog runtime, or dedicated (SINGLE_USER) on runtime 15.4 or later, which
/// hands the filtering to serverless compute. Dedicated on an older runtime, or no isolation, cannot read them.
/// Listed with the job rules in the WAF report, and enforced by ValidateWorkspace: a failing cluster stops Validate.
/// </summary>
public sealed partial class JobsMaskedTableCompute() : JobRule("jobs.masked-table-compute", WafPillar.Security, "The daily job's clusters can read masked tables")
{
    /// <summary>The first runtime whose dedicated (single user) clusters read masked and filtered tables.</summary>
    public static readonly Version DedicatedMinimum = new(15, 4);

    public override string Recommendation =>
        $"Run the layers' work on clusters in standard access mode (USER_ISOLATION), or dedicated (SINGLE_USER) on Databricks Runtime {DedicatedMinimum}+ with serverless enabled; set databricks.sparkVersion accordingly.";

    protected override IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input)
    {
        var workTasks = input.Lakehouse.Layers.Select(l => l.WorkTaskKey).ToHashSet(StringComparer.Ordinal);
        var daily = input.Jobs.Where(j => (j.Settings["tasks"] as JsonArray ?? []).Any(t => workTasks.Contains(Str(t?["task_key"])))).ToList();
        if (daily.Count == 0)
        {
            yield return Check("jobs (none)", "", false, "no rendered job runs the layers' work tasks", type: "jobs");
            yield break;
        }

        foreach (var job in daily)
        {
            foreach (var cluster in (job.Settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var key = Str(cluster["job_cluster_key"]);
                var mode = Str(cluster["new_cluster"]?["data_security_mode"]);
                var runtime = Str(cluster["new_cluster"]?["spark_version"]);
                var passed = mode switch
                {
                    "USER_ISOLATION" or "DATA_SECURITY_MODE_STANDARD" => Runtime(runtime) is not null,
                    "SINGLE_USER" or "DATA_SECURITY_MODE_DEDICATED" => Runtime(runtime) is { } version && version >= DedicatedMinimum,
                    _ => false,
                };
                yield return ClusterCheck(job, key, "new_cluster.data_security_mode, spark_version", passed,
                    $"{job.Key}.job_clusters[{key}]: data_security_mode = {(mode.Length == 0 ? "(absent)" : mode)}, spark_version = {(runtime.Length == 0 ? "(absent)" : runtime)}"
                    + (passed ? "" : $" (masked tables need USER_ISOLATION, or SINGLE_USER on {DedicatedMinimum}+)"));
            }
        }
    }

    /// <summary>major.minor of a runtime key such as 15.4.x-scala2.12; null when it is not one.</summary>
    public static Version? Runtime(string sparkVersion)
    {
        var match = RuntimeRegex().Match(sparkVersion);
        return match.Success ? new Version(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
    }

    [GeneratedRegex(@"^(\d+)\.(\d+)\.")]
    private static partial Regex RuntimeRegex();
}
