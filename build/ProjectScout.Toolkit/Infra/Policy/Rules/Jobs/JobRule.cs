using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Workspace;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>An advisory rule over the rendered jobs; with no rendered job it fails once, saying so.</summary>
public abstract class JobRule(string id, WafPillar pillar, string title) : PolicyRuleBase(id, pillar, title, PolicyKind.Advisory)
{
    public sealed override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) => input.Jobs.Count == 0
        ? [Check("jobs (none)", "", false, "no rendered jobs in artifacts/<env>/jobs", type: "jobs")]
        : EvaluateJobs(input);

    protected abstract IEnumerable<PolicyCheckResult> EvaluateJobs(PolicyInput input);

    /// <summary>A result about one job cluster.</summary>
    protected PolicyCheckResult ClusterCheck(BundleJob job, string clusterKey, string property, bool passed, string evidence) =>
        Check($"job {job.Key} cluster {clusterKey}", property, passed, evidence, type: "job cluster", name: $"{job.Key}/{clusterKey}");

    /// <summary>A result about one job.</summary>
    protected PolicyCheckResult JobCheck(BundleJob job, string property, bool passed, string evidence) =>
        Check($"job {job.Key}", property, passed, evidence, type: "job", name: job.Key);

    protected static IReadOnlyList<JsonObject> Clusters(BundleJob job) => (job.Settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    protected static IReadOnlyList<JsonObject> Tasks(BundleJob job) => (job.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    protected static string Key(JsonObject cluster) => Str(cluster["job_cluster_key"]);
}
