using System.Text.Json.Nodes;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Docs;

/// <summary>A task as rendered in a job's settings: its key and notebook path.</summary>
public sealed record JobTask(string Key, string NotebookPath)
{
    /// <summary>Whether the task is the layer's work or gate, by task key or by the notebook it runs.</summary>
    public bool Runs(LakehouseLayer layer) =>
        Key == layer.WorkTaskKey || Key == layer.Gate.TaskKey
        || NotebookPath.EndsWith("/" + layer.Work.Notebook, StringComparison.Ordinal) || NotebookPath.EndsWith("/" + layer.Gate.Notebook, StringComparison.Ordinal);
}

/// <summary>A job cluster as rendered in a job's settings, and the tasks that run on it ("key path" and structured).</summary>
public sealed record JobCluster(string Job, string Key, string NodeType, string Autoscale, string Policy, IReadOnlyList<string> Tasks, IReadOnlyList<JobTask> TaskRefs);

/// <summary>What the model says about one medallion layer; each fact is read from the lakehouse declaration, contracts, jobs or the lifecycle policy.</summary>
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

    public static IReadOnlyList<LayerFacts> From(LakehouseModel model)
    {
        var clusters = Clusters(model.Jobs);
        var lifecycle = model.OfType(LakehouseChecks.ManagementPolicies)
            .SelectMany(p => LakehouseChecks.Actions(p.Get("properties.policy.rules"))).ToList();
        return model.Lakehouse.Layers.Select(layer => new LayerFacts(
            layer.Name,
            layer.Purpose,
            model.Contracts?.InLayer(layer.Name).ToList() ?? [],
            clusters.Where(c => c.TaskRefs.Any(t => t.Runs(layer))).ToList(),
            model.Jobs.SelectMany(j => (j.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().Where(t => IsQualityGate(model.Lakehouse, t))
                    .Where(t => Text(t["task_key"]) == layer.Gate.TaskKey)
                    .Select(t => $"{j.Key}.{Text(t["task_key"])}"))
                .Distinct().Order(StringComparer.Ordinal).ToList(),
            lifecycle.Where(a => a.Prefixes.Any(p => p.StartsWith(layer.Container + "/", StringComparison.OrdinalIgnoreCase) || p.Contains("/" + layer.Container + "/", StringComparison.OrdinalIgnoreCase))).ToList()))
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
                    .Select(t => new JobTask(Text(t["task_key"]), Text(t["notebook_task"]?["notebook_path"]))).ToList();
                result.Add(new JobCluster(job.Key, key, Text(spec?["node_type_id"]) is { Length: > 0 } node ? node : "(absent)", autoscale,
                    Text(spec?["policy_id"]) is { Length: > 0 } policy ? policy : "(none)", onCluster.Select(t => t.Key + " " + t.NotebookPath).ToList(), onCluster));
            }
        }

        return result;
    }

    /// <summary>A task that runs a rendered quality-gate notebook (the declaration's gate folder): a layer's gate.</summary>
    public static bool IsQualityGate(LakehouseDeclaration lakehouse, JsonObject task) =>
        lakehouse.IsGateNotebook(Text(task["notebook_task"]?["notebook_path"]));

    internal static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
