using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// The alignment checks over the same inputs Validate reads: the bicep snapshots (predicted resources and their properties),
/// the rendered jobs and policies, and the table contracts. Every check yields a finding per inspected object, passes
/// included, with the property and the value found; a missing resource is a failed finding naming what is missing.
/// </summary>
public static class LakehouseChecks
{
    public const string StorageAccounts = "Microsoft.Storage/storageAccounts";
    public const string BlobServices = "Microsoft.Storage/storageAccounts/blobServices";
    public const string ManagementPolicies = "Microsoft.Storage/storageAccounts/managementPolicies";
    public const string KeyVaults = "Microsoft.KeyVault/vaults";
    public const string Databricks = "Microsoft.Databricks/workspaces";
    public const string PrivateEndpoints = "Microsoft.Network/privateEndpoints";
    public const string NetworkSecurityGroups = "Microsoft.Network/networkSecurityGroups";
    public const string DiagnosticSettings = "Microsoft.Insights/diagnosticSettings";
    public const string ActionGroups = "Microsoft.Insights/actionGroups";
    public const string MetricAlerts = "Microsoft.Insights/metricAlerts";
    public const string ScheduledQueryRules = "Microsoft.Insights/scheduledQueryRules";
    public const string LogAnalytics = "Microsoft.OperationalInsights/workspaces";

    private static readonly string[] GeoRedundantSkus = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

    public static IReadOnlyList<AlignmentFinding> Run(LakehouseModel model)
    {
        var findings = new List<AlignmentFinding>();
        ResourceChecks(model, findings);
        JobChecks(model, findings);
        ContractChecks(model, findings);
        return findings
            .OrderBy(f => f.Pillar)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Resource, StringComparer.Ordinal)
            .ToList();
    }

    private static void ResourceChecks(LakehouseModel model, List<AlignmentFinding> findings)
    {
        var production = model.Environment.IsProduction;
        void Property(string rule, WafPillar pillar, string component, string type, string path, Func<JsonNode?, bool> ok, string recommendation, bool advisory = false)
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
                    $"phase{resource.Phase} {resource.Name}: {path} = {Show(value)}", recommendation, advisory));
            }
        }

        void Present(string rule, WafPillar pillar, string component, string[] types, string recommendation, Func<SnapshotResource, bool>? ok = null)
        {
            var resources = types.SelectMany(model.OfType).Where(r => ok is null || ok(r)).ToList();
            var evidence = resources.Count == 0
                ? $"no {string.Join(" or ", types)}{(ok is null ? "" : " with the required settings")} in the snapshots{Phases(model)}"
                : string.Join(", ", resources.Select(r => $"phase{r.Phase} {r.Name}"));
            findings.Add(new AlignmentFinding(rule, pillar, component, string.Join(", ", types), ok is null ? "(resource present)" : "(resource present, configured)",
                resources.Count > 0, $"{resources.Count} found: {evidence}", recommendation));
        }

        // Cost Optimization
        Property("cost.lifecycle-tiering", WafPillar.CostOptimization, "Storage lifecycle: tier raw landing data to Cool", ManagementPolicies, "properties.policy.rules",
            rules => Actions(rules).Any(a => a.Action == "tierToCool"), "Tier raw (non-Delta) landing files to Cool after storage.rawCoolAfterDays; never tier Delta table files.");
        Property("cost.lifecycle-expiry", WafPillar.CostOptimization, "Storage lifecycle: expire logs and snapshots", ManagementPolicies, "properties.policy.rules",
            rules => Actions(rules).Any(a => a.Action == "delete"), "Delete logs, inventory and snapshots after their retention days.");
        Property("cost.log-daily-cap", WafPillar.CostOptimization, "Log Analytics daily ingestion cap", LogAnalytics, "properties.workspaceCapping.dailyQuotaGb",
            v => Number(v) > 0, "Set monitoring.dailyCapGb so a noisy source cannot run up the ingestion bill.", advisory: true);
        var taggable = model.Resources.Where(r => r.Type.Count(c => c == '/') == 1).ToList();
        var untagged = taggable.Where(r => r.Body["tags"] is not JsonObject { Count: > 0 }).ToList();
        findings.Add(new AlignmentFinding("cost.tags", WafPillar.CostOptimization, "Tags for chargeback on every top-level resource",
            $"{taggable.Count} top-level resources", "tags", taggable.Count > 0 && untagged.Count == 0,
            taggable.Count == 0 ? $"no resources in the snapshots{Phases(model)}"
                : untagged.Count == 0 ? $"all {taggable.Count} carry tags ({string.Join(", ", model.Environment.Tags.Keys)})"
                : "untagged: " + string.Join(", ", untagged.Select(r => r.Name)),
            "Apply the environment's tags to every resource."));

        // Reliability
        Property("rel.blob-soft-delete", WafPillar.Reliability, "Blob soft delete (≥ 7 days)", BlobServices, "properties.deleteRetentionPolicy",
            v => Bool(v?["enabled"]) && Number(v?["days"]) >= 7, "Keep blob soft delete on for at least 7 days (storage.softDeleteDays).");
        Property("rel.container-soft-delete", WafPillar.Reliability, "Container soft delete (≥ 7 days)", BlobServices, "properties.containerDeleteRetentionPolicy",
            v => Bool(v?["enabled"]) && Number(v?["days"]) >= 7, "Keep container soft delete on for at least 7 days.");
        Property("rel.storage-redundancy", WafPillar.Reliability, "Geo-redundant lake storage", StorageAccounts, "sku.name",
            v => GeoRedundantSkus.Contains(Str(v)), "Use Standard_GRS/GZRS (or RA-) in production; LRS is accepted outside production.", advisory: !production);
        Property("rel.kv-purge-protection", WafPillar.Reliability, "Key Vault purge protection", KeyVaults, "properties.enablePurgeProtection",
            v => Bool(v), "Enable purge protection so deleted secrets can be recovered within the retention period.");

        // Operational Excellence
        Present("ops.diagnostic-settings", WafPillar.OperationalExcellence, "Diagnostic settings to Log Analytics", [DiagnosticSettings],
            "Send every resource's logs and metrics to the Log Analytics workspace.", r => r.Get("properties.workspaceId") is not null);
        Present("ops.action-group", WafPillar.OperationalExcellence, "Action group for alert notifications", [ActionGroups],
            "Route alerts to the team through one action group (monitoring.alertEmails).");
        Present("ops.alerts", WafPillar.OperationalExcellence, "Alerts wired to an action group", [MetricAlerts, ScheduledQueryRules],
            "Alert on job failures, cluster health and storage capacity, each with an action.",
            r => r.Get("properties.actions") is JsonArray { Count: > 0 } || r.Get("properties.actions.actionGroups") is JsonArray { Count: > 0 });

        // Performance Efficiency
        Property("perf.hierarchical-namespace", WafPillar.PerformanceEfficiency, "ADLS Gen2 hierarchical namespace", StorageAccounts, "properties.isHnsEnabled",
            v => Bool(v), "Enable the hierarchical namespace for Delta/Spark directory operations.");

        // Security
        Property("sec.storage-tls", WafPillar.Security, "Storage minimum TLS 1.2", StorageAccounts, "properties.minimumTlsVersion",
            v => Str(v) == "TLS1_2", "Require TLS 1.2.");
        Property("sec.storage-https", WafPillar.Security, "Storage HTTPS only", StorageAccounts, "properties.supportsHttpsTrafficOnly",
            v => Bool(v), "Refuse plain HTTP.");
        Property("sec.storage-public-blob", WafPillar.Security, "No anonymous blob access", StorageAccounts, "properties.allowBlobPublicAccess",
            v => v is not null && !Bool(v), "Set allowBlobPublicAccess false.");
        Property("sec.storage-shared-key", WafPillar.Security, "No shared-key (account key) access", StorageAccounts, "properties.allowSharedKeyAccess",
            v => v is not null && !Bool(v), "Disable shared keys; Databricks reaches storage through the Access Connector's managed identity.");
        Property("sec.storage-network", WafPillar.Security, "Storage firewall default deny", StorageAccounts, "properties.networkAcls.defaultAction",
            v => Str(v) == "Deny", "Deny by default; allow only the private endpoints and the listed ranges.");
        Property("sec.kv-rbac", WafPillar.Security, "Key Vault RBAC authorization", KeyVaults, "properties.enableRbacAuthorization",
            v => Bool(v), "Use Azure RBAC rather than access policies.");
        Property("sec.kv-public-network", WafPillar.Security, "Key Vault public network access disabled", KeyVaults, "properties.publicNetworkAccess",
            v => Str(v) == "Disabled", "Reach the vault through its private endpoint only.", advisory: !production);
        Property("sec.databricks-premium", WafPillar.Security, "Databricks Premium tier", Databricks, "sku.name",
            v => Str(v) == "premium", "Premium is required for Unity Catalog, RBAC and diagnostic logs.");
        Property("sec.databricks-no-public-ip", WafPillar.Security, "Secure cluster connectivity (no public IP)", Databricks, "properties.parameters.enableNoPublicIp.value",
            v => Bool(v), "Enable secure cluster connectivity.");
        Property("sec.databricks-vnet-injection", WafPillar.Security, "Databricks VNet injection", Databricks, "properties.parameters.customVirtualNetworkId.value",
            v => Str(v).Length > 0, "Inject the workspace into the environment's VNet (two delegated subnets with NSGs).");
        Present("sec.private-endpoints", WafPillar.Security, "Private endpoints", [PrivateEndpoints],
            "Private endpoints for blob, dfs and the vault, with privatelink DNS zones.");
        Present("sec.nsg", WafPillar.Security, "Network security groups on subnets", [NetworkSecurityGroups],
            "Attach an NSG to every subnet.");
    }

    private static void JobChecks(LakehouseModel model, List<AlignmentFinding> findings)
    {
        if (model.Jobs.Count == 0)
        {
            foreach (var (rule, pillar, component) in new[]
                     {
                         ("cost.job-autoscale", WafPillar.CostOptimization, "Job clusters autoscale"),
                         ("cost.job-policy", WafPillar.CostOptimization, "Job clusters governed by a cluster policy"),
                         ("rel.job-retries", WafPillar.Reliability, "Task retries"),
                         ("ops.job-failure-notification", WafPillar.OperationalExcellence, "Job failure notifications"),
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
            foreach (var cluster in clusters)
            {
                var key = Str(cluster["job_cluster_key"]);
                var newCluster = cluster["new_cluster"] as JsonObject;
                var autoscale = newCluster?["autoscale"] as JsonObject;
                findings.Add(new AlignmentFinding("cost.job-autoscale", WafPillar.CostOptimization, "Job clusters autoscale", $"job {job.Key} cluster {key}",
                    "new_cluster.autoscale", autoscale is not null && Number(autoscale["max_workers"]) >= Number(autoscale["min_workers"]),
                    $"{job.Key}.job_clusters[{key}].new_cluster.autoscale = {Show(autoscale)}", "Autoscale job clusters between the environment's min and max workers."));
                var policy = Str(newCluster?["policy_id"]);
                findings.Add(new AlignmentFinding("cost.job-policy", WafPillar.CostOptimization, "Job clusters governed by a cluster policy", $"job {job.Key} cluster {key}",
                    "new_cluster.policy_id", policies.Contains(policy),
                    $"{job.Key}.job_clusters[{key}].new_cluster.policy_id = {Show(newCluster?["policy_id"])}{(policy.Length > 0 && !policies.Contains(policy) ? " (no such policy rendered)" : "")}",
                    "Bind every job cluster to a rendered cluster policy (VM types, autoscale bounds, tags)."));
            }

            var tasks = (job.Settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var withoutRetries = tasks.Where(t => !(Number(t["max_retries"]) >= 1)).Select(t => Str(t["task_key"])).ToList();
            findings.Add(new AlignmentFinding("rel.job-retries", WafPillar.Reliability, "Task retries", $"job {job.Key}", "tasks[].max_retries",
                tasks.Count > 0 && withoutRetries.Count == 0,
                withoutRetries.Count == 0 ? $"{job.Key}: all {tasks.Count} tasks have max_retries ≥ 1" : $"{job.Key}: no retries on {string.Join(", ", withoutRetries)}",
                "Retry transient task failures (max_retries with a back-off interval)."));
            var onFailure = job.Settings["email_notifications"]?["on_failure"] as JsonArray;
            findings.Add(new AlignmentFinding("ops.job-failure-notification", WafPillar.OperationalExcellence, "Job failure notifications", $"job {job.Key}",
                "email_notifications.on_failure", onFailure is { Count: > 0 }, $"{job.Key}.email_notifications.on_failure = {Show(onFailure)}",
                "Notify databricks.notificationEmails when a run fails."));
        }
    }

    private static void ContractChecks(LakehouseModel model, List<AlignmentFinding> findings)
    {
        foreach (var layer in Layers.All)
        {
            var tables = model.Contracts?.InLayer(layer).ToList() ?? [];
            var blocking = tables.SelectMany(t => t.Rules.Where(r => r.Severity == RuleSeverity.Error).Select(r => (Table: t, Rule: r))).ToList();
            findings.Add(new AlignmentFinding("rel.quality-gate", WafPillar.Reliability, $"Blocking quality gate on {layer}", $"contracts {layer}.*", "rules[severity=error]",
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
                    var what = (condition as JsonObject)?.FirstOrDefault().Key ?? "";
                    yield return (Str(rule["name"]), action, $"{Show(days)} ({what})", prefixes);
                }
            }
        }
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
