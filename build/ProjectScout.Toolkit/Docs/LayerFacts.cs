using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Docs;

/// <summary>A job cluster as rendered in a job's settings, and the tasks that run on it.</summary>
public sealed record JobCluster(string Job, string Key, string NodeType, string Autoscale, string Policy, IReadOnlyList<string> Tasks);

/// <summary>What the model says about one medallion layer; each fact is read from contracts, jobs or the lifecycle policy.</summary>
public sealed record LayerFacts(
    string Layer,
    string Purpose,
    IReadOnlyList<TableContract> Tables,
    IReadOnlyList<JobCluster> Compute,
    IReadOnlyList<string> GateTasks,
    IReadOnlyList<(string Rule, string Action, string Days, IReadOnlyList<string> Prefixes)> Lifecycle)
{
    public int ErrorRules => Tables.Sum(t => t.Rules.Count(r => r.Severity == RuleSeverity.Error));
    public int WarnRules => Tables.Sum(t => t.Rules.Count(r => r.Severity == RuleSeverity.Warn));

    // What a layer is for is the medallion pattern's definition, not a feature claim; everything else below is data.
    private static readonly Dictionary<string, string> Purposes = new(StringComparer.Ordinal)
    {
        ["bronze"] = "Raw ingested records, kept as received for replay and audit.",
        ["silver"] = "Cleaned, conformed and de-duplicated records with extracted entities.",
        ["gold"] = "Business-level aggregates and reconstructed views for analytics.",
        ["platinum"] = "AI-generated insights and recommended actions served to the dashboards.",
    };

    public static IReadOnlyList<LayerFacts> From(LakehouseModel model)
    {
        var clusters = Clusters(model.Jobs);
        var lifecycle = model.OfType(LakehouseChecks.ManagementPolicies)
            .SelectMany(p => LakehouseChecks.Actions(p.Get("properties.policy.rules"))).ToList();
        return Layers.All.Select(layer => new LayerFacts(
            layer,
            Purposes[layer],
            model.Contracts?.InLayer(layer).ToList() ?? [],
            clusters.Where(c => c.Tasks.Any(t => t.Contains(layer, StringComparison.OrdinalIgnoreCase))).ToList(),
            model.Jobs.SelectMany(j => (j.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().Where(IsQualityGate)
                    .Where(t => Text(t["task_key"]).Contains(layer, StringComparison.OrdinalIgnoreCase))
                    .Select(t => $"{j.Key}.{Text(t["task_key"])}"))
                .Distinct().Order(StringComparer.Ordinal).ToList(),
            lifecycle.Where(a => a.Prefixes.Any(p => p.StartsWith(layer + "/", StringComparison.OrdinalIgnoreCase) || p.Contains("/" + layer + "/", StringComparison.OrdinalIgnoreCase))).ToList()))
            .ToList();
    }

    /// <summary>Every job cluster with the keys and notebook paths of the tasks that run on it.</summary>
    public static IReadOnlyList<JobCluster> Clusters(IReadOnlyList<BundleJob> jobs)
    {
        var result = new List<JobCluster>();
        foreach (var job in jobs)
        {
            var tasks = (job.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            foreach (var cluster in (job.Settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var key = Text(cluster["job_cluster_key"]);
                var spec = cluster["new_cluster"] as JsonObject;
                var autoscale = spec?["autoscale"] is JsonObject a ? $"{a["min_workers"]}–{a["max_workers"]} workers" : spec?["num_workers"] is { } n ? $"fixed {n} workers" : "(absent)";
                var onCluster = tasks.Where(t => Text(t["job_cluster_key"]) == key)
                    .Select(t => Text(t["task_key"]) + " " + Text(t["notebook_task"]?["notebook_path"])).ToList();
                result.Add(new JobCluster(job.Key, key, Text(spec?["node_type_id"]) is { Length: > 0 } node ? node : "(absent)", autoscale,
                    Text(spec?["policy_id"]) is { Length: > 0 } policy ? policy : "(none)", onCluster));
            }
        }

        return result;
    }

    /// <summary>A task that runs a data-quality notebook (notebooks/data_quality/...): the layer's gate.</summary>
    public static bool IsQualityGate(JsonObject task) =>
        Text(task["notebook_task"]?["notebook_path"]).Contains("/data_quality/", StringComparison.Ordinal);

    internal static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
