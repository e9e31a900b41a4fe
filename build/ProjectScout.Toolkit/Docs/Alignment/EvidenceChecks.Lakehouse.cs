using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Rendering;

namespace ProjectScout.Toolkit.Docs.Alignment;

// The checks over the lakehouse's declarations and rendered workspace: layers, compute, jobs, quality, table layout.
public static partial class EvidenceChecks
{
    /// <summary>The layer is declared, has contracts, its work task and its quality gate run in a rendered job.</summary>
    private static Evidence MedallionLayer(EvidenceInput input, string? layerName)
    {
        var model = input.Model;
        if (model.Lakehouse.Layer(layerName ?? "") is not { } layer)
        {
            return Evidence.Missing($"no layer '{layerName}' in lakehouse.yaml");
        }

        var tables = model.Contracts?.InLayer(layer.Name).Select(t => t.Name.Table).ToList() ?? [];
        var taskKeys = model.Jobs.SelectMany(j => Tasks(j.Settings).Select(t => Str(t["task_key"]))).ToHashSet(StringComparer.Ordinal);
        var parts = new List<Evidence>
        {
            tables.Count > 0 ? Evidence.Aligned($"{tables.Count} contract(s): {string.Join(", ", tables)}") : Evidence.Missing($"no {layer.Name} contracts"),
            taskKeys.Contains(layer.WorkTaskKey) ? Evidence.Aligned($"task {layer.WorkTaskKey} rendered") : Evidence.Missing($"no rendered task {layer.WorkTaskKey}"),
            taskKeys.Contains(layer.Gate.TaskKey) ? Evidence.Aligned($"gate {layer.Gate.TaskKey} rendered") : Evidence.Missing($"no rendered gate {layer.Gate.TaskKey}"),
        };
        return Combine(parts);
    }

    /// <summary>A contract of the layer describes a per-run metrics table (its name contains "metrics").</summary>
    private static Evidence MetricsTable(EvidenceInput input, string? layer)
    {
        var tables = input.Model.Contracts?.InLayer(layer ?? "").Where(t => t.Name.Table.Contains("metrics", StringComparison.OrdinalIgnoreCase)).ToList() ?? [];
        return tables.Count > 0
            ? Evidence.Aligned($"metrics table {string.Join(", ", tables.Select(t => t.Name))} declared with {tables.Sum(t => t.Rules.Count)} rule(s)")
            : Evidence.Missing($"not implemented: no {layer} contract declares a metrics table (per-run generated/failed/confidence)");
    }

    /// <summary>Every cluster profile is a job cluster of a rendered job, and there is more than one.</summary>
    private static Evidence PerLayerCompute(EvidenceInput input)
    {
        var model = input.Model;
        if (model.Jobs.Count == 0)
        {
            return NoJobs();
        }

        var rendered = model.Jobs.SelectMany(j => JobClusters(j.Settings).Select(c => Str(c["job_cluster_key"]))).ToHashSet(StringComparer.Ordinal);
        var profiles = model.Lakehouse.ClusterProfiles;
        var missing = profiles.Where(p => !rendered.Contains(p.JobClusterKey)).Select(p => p.JobClusterKey).ToList();
        var text = string.Join(", ", profiles.Select(p => model.Lakehouse.LayersOn(p).Select(l => l.Name).ToList() is { Count: > 0 } layers
            ? $"{p.JobClusterKey} ({string.Join("/", layers)})"
            : $"{p.JobClusterKey} (no layer: {string.Join(", ", model.Jobs.Where(j => JobClusters(j.Settings).Any(c => Str(c["job_cluster_key"]) == p.JobClusterKey)).Select(j => j.Key))})"));
        return missing.Count == 0 && profiles.Count > 1
            ? Evidence.Aligned($"{profiles.Count} job clusters: {text}")
            : Evidence.Missing(missing.Count > 0 ? $"no rendered job cluster {string.Join(", ", missing)}" : "one cluster profile for every layer");
    }

    /// <summary>Every task runs on a job cluster (terminated when the run ends), none on an all-purpose cluster.</summary>
    private static Evidence JobClustersOnly(EvidenceInput input)
    {
        var tasks = input.Model.Jobs.SelectMany(j => Tasks(j.Settings).Select(t => (Job: j.Key, Task: t))).ToList();
        if (tasks.Count == 0)
        {
            return NoJobs();
        }

        var allPurpose = tasks.Where(t => t.Task["existing_cluster_id"] is not null || (t.Task["job_cluster_key"] is null && t.Task["new_cluster"] is null && t.Task["environment_key"] is null)).ToList();
        return allPurpose.Count == 0
            ? Evidence.Aligned($"all {tasks.Count} tasks run on job clusters, which end with the run (no idle auto-termination window)")
            : Evidence.Partial($"{allPurpose.Count} task(s) on all-purpose or unnamed compute: {string.Join(", ", allPurpose.Take(3).Select(t => $"{t.Job}.{Str(t.Task["task_key"])}"))}");
    }

    /// <summary>Every rendered job is scheduled, and multi-task jobs chain their tasks with depends_on.</summary>
    private static Evidence JobDependencies(EvidenceInput input)
    {
        var jobs = input.Model.Jobs;
        if (jobs.Count == 0)
        {
            return NoJobs();
        }

        var unscheduled = jobs.Where(j => j.Settings["schedule"]?["quartz_cron_expression"] is null).Select(j => j.Key).ToList();
        var chained = jobs.Where(j => Tasks(j.Settings).Count() > 1).ToList();
        var unchained = chained.Where(j => Tasks(j.Settings).Count(t => t["depends_on"] is JsonArray { Count: > 0 }) < Tasks(j.Settings).Count() - 1).Select(j => j.Key).ToList();
        var parts = new List<Evidence>
        {
            unscheduled.Count == 0 ? Evidence.Aligned($"{jobs.Count} jobs scheduled") : Evidence.Partial($"unscheduled: {string.Join(", ", unscheduled)}"),
            chained.Count > 0 && unchained.Count == 0
                ? Evidence.Aligned($"{string.Join(", ", chained.Select(j => $"{j.Key} ({Tasks(j.Settings).Count()} tasks)"))} chained by depends_on")
                : Evidence.Missing(chained.Count == 0 ? "no multi-task job" : $"tasks without depends_on in {string.Join(", ", unchained)}"),
        };
        return Combine(parts);
    }

    /// <summary>In a rendered job each layer's gate depends on its work task and the next layer's work depends on the gate.</summary>
    private static Evidence QualityGatesBetweenLayers(EvidenceInput input)
    {
        var model = input.Model;
        var depends = model.Jobs.SelectMany(j => Tasks(j.Settings)).GroupBy(t => Str(t["task_key"]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(t => (t["depends_on"] as JsonArray ?? []).OfType<JsonObject>().Select(d => Str(d["task_key"]))).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        if (depends.Count == 0)
        {
            return NoJobs();
        }

        var layers = model.Lakehouse.Layers;
        var broken = new List<string>();
        for (var i = 0; i < layers.Count; i++)
        {
            if (!depends.TryGetValue(layers[i].Gate.TaskKey, out var gateDeps) || !gateDeps.Contains(layers[i].WorkTaskKey))
            {
                broken.Add($"{layers[i].Gate.TaskKey} does not follow {layers[i].WorkTaskKey}");
            }

            if (i + 1 < layers.Count && (!depends.TryGetValue(layers[i + 1].WorkTaskKey, out var nextDeps) || !nextDeps.Contains(layers[i].Gate.TaskKey)))
            {
                broken.Add($"{layers[i + 1].WorkTaskKey} does not wait for {layers[i].Gate.TaskKey}");
            }
        }

        return broken.Count == 0
            ? Evidence.Aligned($"{string.Join(" → ", layers.Select(l => $"{l.WorkTaskKey} → {l.Gate.TaskKey}"))}; a failed gate stops the next layer")
            : broken.Count < layers.Count * 2 - 1 ? Evidence.Partial(string.Join("; ", broken)) : Evidence.Missing(string.Join("; ", broken));
    }

    /// <summary>Each layer's work notebook writes with MERGE (or replaceWhere/overwrite of its slice), so a re-run does not duplicate rows.</summary>
    private static Evidence IdempotentWrites(EvidenceInput input)
    {
        var model = input.Model;
        if (model.Workspace is null)
        {
            return Evidence.Missing("no rendered notebooks");
        }

        string[] idempotent = ["MERGE INTO", ".merge(", "replaceWhere"];
        var verdicts = model.Lakehouse.Layers.Select(layer =>
        {
            var notebook = model.Workspace.Notebooks.FirstOrDefault(n => n.RelativePath == layer.Work.Notebook);
            var text = notebook is null ? "" : Encoding.UTF8.GetString(notebook.Content);
            return (layer.Work.Notebook, Found: notebook is not null, Idempotent: idempotent.Any(m => text.Contains(m, StringComparison.Ordinal)));
        }).ToList();
        var not = verdicts.Where(v => !v.Idempotent).Select(v => v.Found ? v.Notebook : v.Notebook + " (not rendered)").ToList();
        return not.Count == 0
            ? Evidence.Aligned($"{verdicts.Count} work notebooks write with MERGE/replaceWhere")
            : not.Count < verdicts.Count ? Evidence.Partial($"append-only: {string.Join(", ", not)}") : Evidence.Missing($"no work notebook writes idempotently ({string.Join(", ", not)})");
    }

    /// <summary>
    /// Every contract declares its table's layout (layout.clusterBy or layout.partitionBy), which the notebooks' DDL
    /// carries; and every layer's work notebook creates its tables with CLUSTER BY or PARTITIONED BY.
    /// </summary>
    private static Evidence TableLayout(EvidenceInput input)
    {
        var model = input.Model;
        if (model.Contracts is not { } contracts || model.Workspace is null)
        {
            return Evidence.Missing(model.Workspace is null ? "no rendered notebooks" : "no contracts");
        }

        var tables = contracts.Tables.ToList();
        var without = tables.Where(t => !t.Layout.IsClustered && !t.Layout.IsPartitioned).Select(t => t.Name.ToString()).ToList();
        var clustered = tables.Count(t => t.Layout.IsClustered);
        var withoutDdl = model.Lakehouse.Layers.Where(layer => !model.Workspace.Notebooks.Any(n => n.RelativePath == layer.Work.Notebook &&
            Encoding.UTF8.GetString(n.Content) is var text && (text.Contains("CLUSTER BY", StringComparison.Ordinal) || text.Contains("PARTITIONED BY", StringComparison.Ordinal)))).Select(l => l.Work.Notebook).ToList();
        var parts = new List<Evidence>
        {
            without.Count == 0
                ? Evidence.Aligned($"all {tables.Count} contracts declare a layout ({clustered} CLUSTER BY, {tables.Count - clustered} PARTITIONED BY)")
                : new Evidence(without.Count < tables.Count ? AlignmentStatus.Partial : AlignmentStatus.Missing,
                    $"{tables.Count - without.Count} of {tables.Count} contracts declare a layout; none for {string.Join(", ", without)}"),
            withoutDdl.Count == 0
                ? Evidence.Aligned("every layer's work notebook creates its tables with it")
                : Evidence.Missing($"no CLUSTER BY or PARTITIONED BY in {string.Join(", ", withoutDdl)}"),
        };
        return Combine(parts);
    }

    /// <summary>Every job is queued, has a timeout and health rules, and some job cluster runs spot-with-fallback workers.</summary>
    private static Evidence WorkloadManagement(EvidenceInput input)
    {
        var jobs = input.Model.Jobs;
        if (jobs.Count == 0)
        {
            return NoJobs();
        }

        var unqueued = jobs.Where(j => j.Settings["queue"]?["enabled"]?.GetValue<bool>() != true).Select(j => j.Key).ToList();
        var noHealth = jobs.Where(j => j.Settings["health"]?["rules"] is not JsonArray { Count: > 0 }).Select(j => j.Key).ToList();
        var noTimeout = jobs.Where(j => j.Settings["timeout_seconds"] is null).Select(j => j.Key).ToList();
        // Priority between jobs: each job's workload class (its template's workload line), critical ones on demand and paged.
        var classes = jobs.GroupBy(j => Rendering.WorkloadScript.ClassOf(j.Settings) ?? "", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{(g.Key.Length == 0 ? "(none)" : g.Key)}: {string.Join(", ", g.Select(j => j.Key))}").ToList();
        var spot = jobs.SelectMany(j => JobClusters(j.Settings).Where(c => Str(c["new_cluster"]?["azure_attributes"]?["availability"]).Contains("SPOT", StringComparison.Ordinal))
            .Select(c => $"{j.Key}.{Str(c["job_cluster_key"])}")).ToList();
        var parts = new List<Evidence>
        {
            unqueued.Count == 0 ? Evidence.Aligned("every job queues") : Evidence.Missing($"not queued: {string.Join(", ", unqueued)}"),
            noTimeout.Count == 0 && noHealth.Count == 0 ? Evidence.Aligned("every job has a timeout and run-duration health rules")
                : Evidence.Missing($"no timeout or health rules: {string.Join(", ", noTimeout.Union(noHealth))}"),
            classes.Count > 1 ? Evidence.Aligned($"workload classes (job templates' workload line) {string.Join("; ", classes)}")
                : Evidence.Missing($"one workload class for every job ({string.Join("; ", classes)}): no priority between critical and non-critical jobs"),
            spot.Count > 0 ? Evidence.Aligned($"spot-with-fallback workers on {string.Join(", ", spot)}")
                : Evidence.Missing("no job cluster uses spot capacity"),
        };
        return Combine(parts);
    }

    /// <summary>Every cluster profile declares Spark settings, and the rendered job clusters carry them.</summary>
    private static Evidence SparkTuning(EvidenceInput input)
    {
        var model = input.Model;
        var untuned = model.Lakehouse.ClusterProfiles.Where(p => p.SparkConf.Count == 0).Select(p => p.Key).ToList();
        var renderedWithout = model.Jobs.SelectMany(j => JobClusters(j.Settings).Where(c => c["new_cluster"]?["spark_conf"] is not JsonObject { Count: > 0 })
            .Select(c => $"{j.Key}.{Str(c["job_cluster_key"])}")).ToList();
        if (model.Jobs.Count == 0)
        {
            return NoJobs();
        }

        return untuned.Count == 0 && renderedWithout.Count == 0
            ? Evidence.Aligned(string.Join(", ", model.Lakehouse.ClusterProfiles.Select(p => $"{p.Key}: {p.SparkConf.Count} settings")))
            : Evidence.Partial($"untuned: {string.Join(", ", untuned.Concat(renderedWithout))}");
    }

    /// <summary>
    /// Query metrics: OPTIMIZE is scheduled (the rule), but nothing collects query performance metrics (query history or
    /// a dashboard of it). Honest partial until something does.
    /// </summary>
    private static Evidence QueryMetrics(EvidenceInput input) =>
        Evidence.Missing("not implemented: no query-performance metrics are collected (query history, slow-query dashboard)");

    /// <summary>A dashboard of data_quality.rule_results is generated for the environment and deployed by a workspace kind.</summary>
    private static Evidence QualityDashboard(EvidenceInput input) =>
        !input.Documents.Contains(Quality.QualityDashboard.FileName) ? Evidence.Missing($"no dashboard reads {input.Model.Lakehouse.UnityCatalog.ResultsSchema}.{input.Model.Lakehouse.UnityCatalog.ResultsTable}")
        : Databricks.WorkspaceReconciler.DefaultAdapters.OfType<Databricks.Adapters.DashboardAdapter>().Any()
            ? Evidence.Aligned($"{Quality.QualityDashboard.FileName} (Lakeview: {input.Model.Lakehouse.UnityCatalog.ResultsSchema}.{input.Model.Lakehouse.UnityCatalog.ResultsTable} trends per layer and rule) is generated, released, and deployed and published on the DDL SQL warehouse by the workspace's dashboard kind")
            : Evidence.Partial($"{Quality.QualityDashboard.FileName} (Lakeview: {input.Model.Lakehouse.UnityCatalog.ResultsSchema}.{input.Model.Lakehouse.UnityCatalog.ResultsTable} trends per layer and rule) is generated and released; the toolkit does not deploy it to the workspace");

    /// <summary>A scheduled-query alert in the snapshots fires on failed quality-gate tasks (filters on the gate suffix).</summary>
    private static Evidence QualityAlert(EvidenceInput input)
    {
        var suffix = input.Model.Lakehouse.QualityGate.TaskKeySuffix;
        var alerts = input.Model.OfType(LakehouseChecks.ScheduledQueryRules)
            .Where(r => (r.Get("properties.criteria")?.ToJsonString() ?? "").Contains(suffix, StringComparison.Ordinal)).Select(r => r.Name).ToList();
        return alerts.Count > 0
            ? Evidence.Aligned($"Log Analytics alert {string.Join(", ", alerts)} fires on failed *{suffix} tasks")
            : Evidence.Missing($"no scheduled-query alert filters on *{suffix} tasks");
    }
}
