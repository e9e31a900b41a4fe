using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// The alignment checks over the same inputs Validate reads: the bicep snapshots (predicted resources and their properties),
/// the rendered jobs and policies, and the table contracts. Every check yields a finding per inspected object, passes
/// included, with the property and the value found; a missing resource is a failed finding naming what is missing.
/// </summary>
public static class LakehouseChecks
{
    public const string StorageAccounts = "Microsoft.Storage/storageAccounts";
    public const string ManagementPolicies = "Microsoft.Storage/storageAccounts/managementPolicies";
    public const string KeyVaults = "Microsoft.KeyVault/vaults";
    public const string PrivateEndpoints = "Microsoft.Network/privateEndpoints";
    public const string NetworkSecurityGroups = "Microsoft.Network/networkSecurityGroups";
    public const string DiagnosticSettings = "Microsoft.Insights/diagnosticSettings";
    public const string ActionGroups = "Microsoft.Insights/actionGroups";
    public const string MetricAlerts = "Microsoft.Insights/metricAlerts";
    public const string ScheduledQueryRules = "Microsoft.Insights/scheduledQueryRules";
    public const string LogAnalytics = "Microsoft.OperationalInsights/workspaces";

    public static IReadOnlyList<AlignmentFinding> Run(LakehouseModel model)
    {
        var findings = new List<AlignmentFinding>();
        InfraPolicyFindings(model, findings);
        SupplementarySnapshotChecks(model, findings);
        JobChecks(model, findings);
        MaintenanceChecks(model, findings);
        ContractChecks(model, findings);
        return findings
            .OrderBy(f => f.Pillar)
            .ThenBy(f => f.Source, StringComparer.Ordinal)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Resource, StringComparer.Ordinal)
            .ToList();
    }

    private static void InfraPolicyFindings(LakehouseModel model, List<AlignmentFinding> findings)
    {
        if (model.InfraPolicy is null)
        {
            findings.Add(new AlignmentFinding("infra.policy-results", WafPillar.OperationalExcellence, "Infrastructure policy check results",
                "artifacts/<env>/infra", InfraPhases.PolicyResultsFileName, false, $"absent: {model.InfraPolicyAbsence}",
                "Compile the templates and run CheckInfraPolicies for this environment.", Source: AlignmentFinding.InfraSource));
            return;
        }

        var titles = model.InfraPolicy.Rules.ToDictionary(r => r.Id, r => r.Title, StringComparer.Ordinal);
        foreach (var result in model.InfraPolicy.Results)
        {
            var title = titles.GetValueOrDefault(result.RuleId, result.RuleId);
            findings.Add(new AlignmentFinding(result.RuleId, result.Pillar, $"{result.ResourceType.Split('/').Last()} `{result.ResourceName}`", $"{result.ResourceType} '{result.ResourceName}'", result.Property,
                result.Passed, $"phase{result.Phase}: {result.Evidence}", title, Source: AlignmentFinding.InfraSource));
        }
    }

    /// <summary>
    /// Facts the infrastructure checklist does not cover but the documents state (raw-data tiering, ingestion cap,
    /// hierarchical namespace): checked here over the same snapshots, and labelled with this source in the report.
    /// </summary>
    private static void SupplementarySnapshotChecks(LakehouseModel model, List<AlignmentFinding> findings)
    {
        void Property(string rule, WafPillar pillar, string component, string type, string path, Func<JsonNode?, bool> ok, string recommendation,
            bool advisory = false, Func<JsonNode?, string>? describe = null)
        {
            var resources = model.OfType(type).ToList();
            if (resources.Count == 0)
            {
                findings.Add(new AlignmentFinding(rule, pillar, component, $"{type} (none)", path, false,
                    $"no {type} in the snapshots{Phases(model)}", recommendation, advisory));
                return;
            }

            foreach (var resource in resources)
            {
                var value = resource.Get(path);
                findings.Add(new AlignmentFinding(rule, pillar, component, resource.Display, path, ok(value),
                    $"phase{resource.Phase} {resource.Name}: {(describe is null ? $"{path} = {Show(value)}" : describe(value))}", recommendation, advisory));
            }
        }

        Property("lake.raw-tiering", WafPillar.CostOptimization, "Raw landing data tiered to Cool", ManagementPolicies, "properties.policy.rules",
            rules => Actions(rules).Any(a => a.Action == "tierToCool"), "Tier raw (non-Delta) landing files to Cool after storage.rawCoolAfterDays; never tier Delta table files.",
            describe: rules => DescribeActions(rules, a => a.Action.StartsWith("tierTo", StringComparison.Ordinal)));
        Property("lake.retention-expiry", WafPillar.CostOptimization, "Logs, inventories and snapshots expire", ManagementPolicies, "properties.policy.rules",
            rules => Actions(rules).Any(a => a.Action == "delete"), "Delete logs, inventory and snapshots after their retention days.",
            describe: rules => DescribeActions(rules, a => a.Action == "delete"));
        Property("monitoring.daily-cap", WafPillar.CostOptimization, "Log Analytics daily ingestion cap", LogAnalytics, "properties.workspaceCapping.dailyQuotaGb",
            v => Number(v) > 0, "Set monitoring.dailyCapGb so a noisy source cannot run up the ingestion bill.", advisory: true);
        // Compute, storage and monitoring in one region: no cross-region reads on the data path (and VNet injection needs it).
        var region = model.Environment.Azure.Location;
        var located = model.Resources.Where(r => Str(r.Body["location"]) is { Length: > 0 } l && !l.Equals("global", StringComparison.OrdinalIgnoreCase)).ToList();
        var elsewhere = located.Where(r => !string.Equals(Str(r.Body["location"]).Replace(" ", ""), region, StringComparison.OrdinalIgnoreCase)).ToList();
        findings.Add(new AlignmentFinding("infra.single-region", WafPillar.PerformanceEfficiency, "Resources in the environment's region", "resources (all)", "location",
            located.Count > 0 && elsewhere.Count == 0,
            located.Count == 0 ? $"no located resources in the snapshots{Phases(model)}"
                : elsewhere.Count == 0 ? $"{located.Count} resources in {region}{Phases(model)}"
                : $"outside {region}: {string.Join(", ", elsewhere.Select(r => $"{r.Display} in {Str(r.Body["location"])}"))}",
            "Keep the workspace, the lake and monitoring in the environment's one region (azure.location)."));
        Property("storage.hierarchical-namespace", WafPillar.PerformanceEfficiency, "ADLS Gen2 hierarchical namespace", StorageAccounts, "properties.isHnsEnabled",
            v => Bool(v), "Enable the hierarchical namespace for Delta/Spark directory operations.");
    }

    private static void JobChecks(LakehouseModel model, List<AlignmentFinding> findings)
    {
        if (model.Jobs.Count == 0)
        {
            foreach (var (rule, pillar, component) in new[]
                     {
                         ("jobs.autoscale", WafPillar.CostOptimization, "Job clusters autoscale"),
                         ("jobs.cluster-policy", WafPillar.CostOptimization, "Job clusters governed by a cluster policy"),
                         ("jobs.retries", WafPillar.Reliability, "Task retries"),
                         ("jobs.failure-notification", WafPillar.OperationalExcellence, "Job failure notifications"),
                         ("jobs.optimized-writes", WafPillar.PerformanceEfficiency, "Delta optimized writes on job clusters"),
                         ("jobs.disk-cache", WafPillar.PerformanceEfficiency, "Disk cache on the clusters that read gold and platinum"),
                         ("jobs.table-maintenance", WafPillar.PerformanceEfficiency, "Scheduled OPTIMIZE / Z-ORDER / VACUUM"),
                     })
            {
                findings.Add(new AlignmentFinding(rule, pillar, component, "jobs (none)", "", false, "no rendered jobs in artifacts/<env>/jobs", "Render the jobs (data step)."));
            }

            return;
        }

        var policies = model.Workspace?.Policies.Select(p => p.Placeholder).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var job in model.Jobs)
        {
            var clusters = (job.Settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var tasks = (job.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            // The clusters that run the served layers' work (templates/lakehouse.yaml) serve repeated reads of the same Delta files.
            var servingClusters = tasks.Where(t => !LayerFacts.IsQualityGate(model.Lakehouse, t) && model.Lakehouse.ServedTaskKeys.Contains(Str(t["task_key"])))
                .Select(t => Str(t["job_cluster_key"])).ToHashSet(StringComparer.Ordinal);
            foreach (var cluster in clusters)
            {
                var key = Str(cluster["job_cluster_key"]);
                var newCluster = cluster["new_cluster"] as JsonObject;
                var sparkConf = newCluster?["spark_conf"] as JsonObject;
                const string optimizeWrite = "spark.databricks.delta.optimizeWrite.enabled";
                findings.Add(new AlignmentFinding("jobs.optimized-writes", WafPillar.PerformanceEfficiency, "Delta optimized writes on job clusters", $"job {job.Key} cluster {key}",
                    $"new_cluster.spark_conf[{optimizeWrite}]", Str(sparkConf?[optimizeWrite]) == "true",
                    $"{job.Key}.job_clusters[{key}].new_cluster.spark_conf[{optimizeWrite}] = {Show(sparkConf?[optimizeWrite])}",
                    "Write fewer, larger Delta files so reads stay fast without constant compaction."));
                if (servingClusters.Contains(key))
                {
                    const string diskCache = "spark.databricks.io.cache.enabled";
                    findings.Add(new AlignmentFinding("jobs.disk-cache", WafPillar.PerformanceEfficiency, "Disk cache on the clusters that read gold and platinum", $"job {job.Key} cluster {key}",
                        $"new_cluster.spark_conf[{diskCache}]", Str(sparkConf?[diskCache]) == "true",
                        $"{job.Key}.job_clusters[{key}].new_cluster.spark_conf[{diskCache}] = {Show(sparkConf?[diskCache])}",
                        "Enable the Databricks disk cache where the same Delta files are read repeatedly."));
                }

                var autoscale = newCluster?["autoscale"] as JsonObject;
                findings.Add(new AlignmentFinding("jobs.autoscale", WafPillar.CostOptimization, "Job clusters autoscale", $"job {job.Key} cluster {key}",
                    "new_cluster.autoscale", autoscale is not null && Number(autoscale["max_workers"]) >= Number(autoscale["min_workers"]),
                    $"{job.Key}.job_clusters[{key}].new_cluster.autoscale = {Show(autoscale)}", "Autoscale job clusters between the environment's min and max workers."));
                var policy = Str(newCluster?["policy_id"]);
                findings.Add(new AlignmentFinding("jobs.cluster-policy", WafPillar.CostOptimization, "Job clusters governed by a cluster policy", $"job {job.Key} cluster {key}",
                    "new_cluster.policy_id", policies.Contains(policy),
                    $"{job.Key}.job_clusters[{key}].new_cluster.policy_id = {Show(newCluster?["policy_id"])}{(policy.Length > 0 && !policies.Contains(policy) ? " (no such policy rendered)" : "")}",
                    "Bind every job cluster to a rendered cluster policy (VM types, autoscale bounds, tags)."));
            }

            // A quality gate's verdict is deterministic for its input: retrying it only delays the failure, so gates are exempt.
            var processing = tasks.Where(t => !LayerFacts.IsQualityGate(model.Lakehouse, t)).ToList();
            var withoutRetries = processing.Where(t => !(Number(t["max_retries"]) >= 1)).Select(t => Str(t["task_key"])).ToList();
            findings.Add(new AlignmentFinding("jobs.retries", WafPillar.Reliability, "Processing tasks retry transient failures", $"job {job.Key}", "tasks[].max_retries",
                processing.Count > 0 && withoutRetries.Count == 0,
                withoutRetries.Count == 0
                    ? $"{job.Key}: {processing.Count} processing tasks have max_retries ≥ 1 ({tasks.Count - processing.Count} quality-gate tasks exempt)"
                    : $"{job.Key}: no retries on {string.Join(", ", withoutRetries)}",
                "Retry transient task failures (max_retries with a back-off interval)."));
            var onFailure = job.Settings["email_notifications"]?["on_failure"] as JsonArray;
            findings.Add(new AlignmentFinding("jobs.failure-notification", WafPillar.OperationalExcellence, "Job failure notifications", $"job {job.Key}",
                "email_notifications.on_failure", onFailure is { Count: > 0 }, $"{job.Key}.email_notifications.on_failure = {Show(onFailure)}",
                "Notify databricks.notificationEmails when a run fails."));
        }
    }

    /// <summary>
    /// Table maintenance is real only when a job runs it on a schedule: find the jobs whose tasks run a rendered notebook
    /// that OPTIMIZEs with Z-ORDER and VACUUMs, and report their schedules.
    /// </summary>
    private static void MaintenanceChecks(LakehouseModel model, List<AlignmentFinding> findings)
    {
        if (model.Jobs.Count == 0)
        {
            return;
        }

        var maintenanceNotebooks = (model.Workspace?.Notebooks ?? [])
            .Where(n =>
            {
                var text = System.Text.Encoding.UTF8.GetString(n.Content);
                return text.Contains("OPTIMIZE", StringComparison.Ordinal) && text.Contains("ZORDER BY", StringComparison.Ordinal) && text.Contains("VACUUM", StringComparison.Ordinal);
            })
            .Select(n => n.WorkspacePath)
            .ToHashSet(StringComparer.Ordinal);
        var scheduled = model.Jobs
            .SelectMany(job => (job.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(t => maintenanceNotebooks.Contains(Str(t["notebook_task"]?["notebook_path"])))
                .Select(t => (Job: job, Task: Str(t["task_key"]), Notebook: Str(t["notebook_task"]?["notebook_path"]), Schedule: job.Settings["schedule"] as JsonObject)))
            .Where(x => x.Schedule is not null)
            .ToList();
        findings.Add(new AlignmentFinding("jobs.table-maintenance", WafPillar.PerformanceEfficiency, "Scheduled OPTIMIZE / Z-ORDER / VACUUM", "jobs (all)",
            "tasks[].notebook_task.notebook_path + schedule", scheduled.Count > 0,
            scheduled.Count == 0
                ? $"no scheduled job runs a notebook with OPTIMIZE … ZORDER BY and VACUUM ({maintenanceNotebooks.Count} such notebooks rendered)"
                : string.Join("; ", scheduled.Select(x => $"{x.Job.Key}.{x.Task} runs {x.Notebook} at '{Str(x.Schedule!["quartz_cron_expression"])}' {Str(x.Schedule["timezone_id"])} ({Str(x.Schedule["pause_status"])})")),
            "Compact and Z-order the Delta tables and vacuum old files on a schedule, so scans stay fast as tables grow."));
    }

    private static void ContractChecks(LakehouseModel model, List<AlignmentFinding> findings)
    {
        foreach (var layer in model.Lakehouse.LayerNames)
        {
            var tables = model.Contracts?.InLayer(layer).ToList() ?? [];
            var blocking = tables.SelectMany(t => t.Rules.Where(r => r.Severity == RuleSeverity.Error).Select(r => (Table: t, Rule: r))).ToList();
            findings.Add(new AlignmentFinding("contracts.quality-gate", WafPillar.Reliability, $"Blocking quality gate on {layer}", $"contracts {layer}.*", "rules[severity=error]",
                tables.Count > 0 && tables.All(t => t.Rules.Any(r => r.Severity == RuleSeverity.Error)),
                tables.Count == 0 ? $"no {layer} contracts in templates/contracts"
                    : $"{blocking.Count} error rules over {tables.Count} tables; tables without one: {string.Join(", ", tables.Where(t => t.Rules.All(r => r.Severity != RuleSeverity.Error)).Select(t => t.Name.ToString())).NullIfEmpty() ?? "none"}",
                "Give every table at least one error-severity rule so a bad batch stops downstream layers."));
        }
    }

    internal static IEnumerable<(string Rule, string Action, string Days, IReadOnlyList<string> Prefixes)> Actions(JsonNode? rules)
    {
        foreach (var rule in (rules as JsonArray ?? []).OfType<JsonObject>())
        {
            if (rule["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on)
            {
                continue;
            }

            var definition = rule["definition"] as JsonObject;
            var prefixes = (definition?["filters"]?["prefixMatch"] as JsonArray ?? []).Select(p => Str(p)).ToList();
            foreach (var (_, target) in definition?["actions"] as JsonObject ?? [])
            {
                foreach (var (action, condition) in target as JsonObject ?? [])
                {
                    var days = (condition as JsonObject)?.FirstOrDefault().Value;
                    var since = (condition as JsonObject)?.FirstOrDefault().Key switch
                    {
                        "daysAfterModificationGreaterThan" => "days since last modification",
                        "daysAfterCreationGreaterThan" => "days since creation",
                        "daysAfterLastAccessTimeGreaterThan" => "days since last access",
                        "daysAfterLastTierChangeGreaterThan" => "days since the last tier change",
                        var other => $"({other})",
                    };
                    yield return (Str(rule["name"]), action, $"{Show(days)} {since}", prefixes);
                }
            }
        }
    }

    /// <summary>A lifecycle policy's matching actions in words: "rule: action after N days … on prefixes".</summary>
    private static string DescribeActions(JsonNode? rules, Func<(string Rule, string Action, string Days, IReadOnlyList<string> Prefixes), bool> filter)
    {
        var matching = Actions(rules).Where(filter)
            .Select(a => $"{a.Rule}: {a.Action} after {a.Days} on {(a.Prefixes.Count == 0 ? "every blob" : string.Join(", ", a.Prefixes))}")
            .ToList();
        return matching.Count == 0 ? "no such lifecycle action" : string.Join("; ", matching);
    }

    private static string Phases(LakehouseModel model) =>
        model.SnapshotPhases.Count == 0 ? " (no snapshots built)" : $" (phases {string.Join(", ", model.SnapshotPhases)})";

    internal static string Show(JsonNode? node) => node is null ? "(absent)" : node.ToJsonString();

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double Number(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<double>(out var d) || double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) ? d : double.NaN;

    private static string? NullIfEmpty(this string text) => text.Length == 0 ? null : text;
}
