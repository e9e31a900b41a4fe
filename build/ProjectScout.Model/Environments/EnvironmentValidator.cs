using System.Net.Mail;
using System.Text.RegularExpressions;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Model.Environments;

/// <summary>
/// Checks an environment definition against Azure's naming rules, network arithmetic and the toolkit's own
/// requirements; every problem is reported, each at the line of the offending value.
/// </summary>
/// <param name="clusterProfiles">The cluster profile keys templates/lakehouse.yaml declares; null skips the profile check.</param>
internal sealed partial class EnvironmentValidator(EnvironmentDefinition env, YamlLocations locations, string file, string expectedName, IReadOnlyCollection<string>? clusterProfiles = null)
{

    private readonly List<Problem> _problems = [];

    public IReadOnlyList<Problem> Validate()
    {
        Identity();
        Azure();
        Names();
        Monitoring();
        Network();
        Storage();
        KeyRotation();
        Alerting();
        Workload();
        Databricks();
        DataPath();
        Principals();
        Adoption();
        Recovery();
        Tags();
        return _problems;
    }

    private void Identity()
    {
        if (Required("name", env.Name) && env.Name != expectedName)
        {
            Add("name", "env.name", $"name '{env.Name}' does not match the file name '{expectedName}{ProjectScout.Model.Environments.EnvironmentFiles.Extension}'; rename one of them.");
        }

        Required("displayName", env.DisplayName);
    }

    private void Azure()
    {
        var azure = env.Azure;
        if (env.Kind == EnvironmentKind.Azure)
        {
            if (azure.SubscriptionId.Length == 0 && azure.SubscriptionIdVariable.Length == 0)
            {
                Add("azure", "env.required", "azure.subscriptionId or azure.subscriptionIdVariable is required for an Azure environment.");
            }
        }

        Guid("azure.subscriptionId", azure.SubscriptionId);
        Guid("azure.tenantId", azure.TenantId);
        VariableName("azure.subscriptionIdVariable", azure.SubscriptionIdVariable);
        VariableName("azure.tenantIdVariable", azure.TenantIdVariable);

        if (Required("azure.location", azure.Location) && !RegionRegex().IsMatch(azure.Location))
        {
            Add("azure.location", "env.location", $"'{azure.Location}' is not an Azure region name; use the programmatic name, e.g. eastus2.");
        }

        if (Required("azure.resourceGroup", azure.ResourceGroup))
        {
            Check("azure.resourceGroup", "env.resource-group-name", AzureNaming.ResourceGroup(azure.ResourceGroup));
        }

        if (!ProjectScout.Model.Environments.EnvironmentFiles.CredentialKinds.Contains(azure.Credential))
        {
            Add("azure.credential", "env.credential", $"'{azure.Credential}' is not a credential kind; use one of {string.Join(", ", ProjectScout.Model.Environments.EnvironmentFiles.CredentialKinds)}.");
        }
    }

    private void Names()
    {
        var n = env.Names;
        Name("names.databricksWorkspace", n.DatabricksWorkspace, AzureNaming.DatabricksWorkspace, "env.databricks-workspace-name");
        Name("names.storageAccount", n.StorageAccount, AzureNaming.StorageAccount, "env.storage-account-name");
        Name("names.keyVault", n.KeyVault, AzureNaming.KeyVault, "env.key-vault-name");
        Name("names.logAnalyticsWorkspace", n.LogAnalyticsWorkspace, AzureNaming.LogAnalyticsWorkspace, "env.log-analytics-name");
        Name("names.actionGroup", n.ActionGroup, x => AzureNaming.GenericName(x, 260), "env.action-group-name");
        Name("names.virtualNetwork", n.VirtualNetwork, AzureNaming.VirtualNetwork, "env.vnet-name");
        Name("names.automationAccount", n.AutomationAccount, AzureNaming.AutomationAccount, "env.automation-account-name");
        Name("names.monitoringDashboard", n.MonitoringDashboard, x => AzureNaming.GenericName(x, 160), "env.dashboard-name");
        Name("names.storageDashboard", n.StorageDashboard, x => AzureNaming.GenericName(x, 160), "env.dashboard-name");
        if (env.Storage.BackupAccount)
        {
            Name("names.backupStorageAccount", n.BackupStorageAccount, AzureNaming.StorageAccount, "env.storage-account-name");
            if (n.BackupStorageAccount.Length > 0 && n.BackupStorageAccount == n.StorageAccount)
            {
                Add("names.backupStorageAccount", "env.backup-account", "the backup storage account must differ from the primary storage account.");
            }
        }
    }

    private void Monitoring()
    {
        var m = env.Monitoring;
        var minimumRetention = env.IsProduction ? 90 : 30;
        Range("monitoring.retentionDays", m.RetentionDays, minimumRetention, 730,
            env.IsProduction ? "production keeps logs at least 90 days" : "Log Analytics retains 30-730 days");
        if (Present("monitoring.dailyCapGb") && m.DailyCapGb is <= 0 and not -1)
        {
            Add("monitoring.dailyCapGb", "env.range", "dailyCapGb must be positive (GB per day), or -1 for no cap.");
        }
        else if (!Present("monitoring.dailyCapGb"))
        {
            Add("monitoring", "env.required", "monitoring.dailyCapGb is required (GB per day, or -1 for no cap).");
        }

        Range("monitoring.storageCapacityGiB", m.StorageCapacityGiB, 1, 5 * 1024 * 1024, "the capacity the storage alert measures against");
        Range("monitoring.storageCapacityAlertPercent", m.StorageCapacityAlertPercent, 1, 99, "a percentage of storageCapacityGiB");
    }

    private void Network()
    {
        var network = env.Network;
        Ipv4Cidr? space = null;
        if (Required("network.addressSpace", network.AddressSpace))
        {
            space = Cidr("network.addressSpace", network.AddressSpace);
            if (space is { PrefixLength: < 16 or > 24 })
            {
                Add("network.addressSpace", "env.cidr", $"{network.AddressSpace}: a VNet for Databricks injection must be /16 to /24.");
            }
        }

        var parsed = new List<(string Key, Ipv4Cidr Range)>();
        foreach (var (key, value) in network.Subnets.All())
        {
            var path = "network.subnets." + key;
            if (!Required(path, value) || Cidr(path, value) is not { } subnet)
            {
                continue;
            }

            if (space is { } vnet && !vnet.Contains(subnet))
            {
                Add(path, "env.subnet-containment", $"subnet {value} is not inside the address space {vnet}.");
            }

            if (key.StartsWith("databricks", StringComparison.Ordinal) && subnet.PrefixLength > 26)
            {
                Add(path, "env.subnet-size", $"subnet {value} is too small: Databricks subnets need /26 or larger.");
            }

            foreach (var (otherKey, other) in parsed.Where(p => p.Range.Overlaps(subnet)))
            {
                Add(path, "env.subnet-overlap", $"subnet {value} overlaps network.subnets.{otherKey} ({other}); give each subnet its own range.");
            }

            parsed.Add((key, subnet));
        }

        for (var i = 0; i < network.AllowedIpRanges.Count; i++)
        {
            var path = $"network.allowedIpRanges[{i}]";
            if (Cidr(path, network.AllowedIpRanges[i]) is { IsPrivate: true } range)
            {
                Add(path, "env.allowed-ip", $"{range} is a private range; storage and Key Vault IP rules take public ranges only (VNet access uses subnet rules).");
            }
        }
    }

    private void Storage()
    {
        var s = env.Storage;
        if (Required("storage.sku", s.Sku) && !AzureFacts.StorageSkus.Contains(s.Sku))
        {
            Add("storage.sku", "env.storage-sku", $"'{s.Sku}' is not a storage SKU; use one of {string.Join(", ", AzureFacts.StorageSkus)}.");
        }
        else if (env.IsProduction && !AzureFacts.GeoRedundantStorageSkus.Contains(s.Sku))
        {
            Add("storage.sku", "env.storage-redundancy", $"production storage must be geo-redundant ({string.Join(", ", AzureFacts.GeoRedundantStorageSkus)}), not {s.Sku}.");
        }

        Range("storage.softDeleteDays", s.SoftDeleteDays, 7, 365, "blob and container soft delete");
        Range("storage.rawCoolAfterDays", s.RawCoolAfterDays, 1, 3650, "days before raw landing files move to Cool");
        Range("storage.logRetentionDays", s.LogRetentionDays, 1, 3650, "days logs are kept");
        Range("storage.dataQualityRetentionDays", s.DataQualityRetentionDays, 1, 3650, "days data-quality exports are kept");
        Range("storage.inventoryRetentionDays", s.InventoryRetentionDays, 1, 3650, "days inventory reports are kept");
        Range("storage.snapshotRetentionDays", s.SnapshotRetentionDays, 1, 3650, "days blob snapshots are kept");
        Range("storage.platinumRetentionDays", s.PlatinumRetentionDays, 1, 36500, "days platinum rows are kept");
        for (var i = 0; i < s.RawPrefixes.Count; i++)
        {
            if (!RawPrefixRegex().IsMatch(s.RawPrefixes[i]))
            {
                Add($"storage.rawPrefixes[{i}]", "env.raw-prefix",
                    $"'{s.RawPrefixes[i]}' must be a folder inside a container, like bronze/landing/ (never a whole container, which holds Delta tables).");
            }
        }
    }

    private void KeyRotation()
    {
        var k = env.KeyRotation;
        Range("keyRotation.intervalDays", k.IntervalDays, 1, 365, "days between storage key rotations");
        Range("keyRotation.nearExpiryWarningDays", k.NearExpiryWarningDays, 1, 365, "days of warning before expiry");
        ThirdPartySecrets();
        RotationWorker();
    }

    private void Databricks()
    {
        var d = env.Databricks;
        // The Databricks token is sent to this host: only an Azure Databricks per-workspace URL is accepted (the deploy
        // also checks it is the URL of the deployed workspace).
        if (d.Host.Length > 0 && !AzureDatabricksHostRegex().IsMatch(d.Host))
        {
            Add("databricks.host", "env.databricks-host", $"'{d.Host}' is not an Azure Databricks workspace URL: use the workspace's per-workspace URL https://adb-<workspace-id>.<n>.azuredatabricks.net (Azure portal, workspace 'URL'), or leave it empty to use the deployed workspace's.");
        }

        if (env.Kind == EnvironmentKind.Azure && !env.Ownership.DatabricksWorkspace && d.Host.Length == 0)
        {
            Add("databricks", "env.required", "databricks.host is required when ownership.databricksWorkspace is false (the toolkit cannot learn the URL from its own deployment).");
        }

        if (Required("databricks.sparkVersion", d.SparkVersion) && !SparkVersionRegex().IsMatch(d.SparkVersion))
        {
            Add("databricks.sparkVersion", "env.spark-version", $"'{d.SparkVersion}' is not a Databricks runtime key such as 15.4.x-scala2.12.");
        }

        if (Required("databricks.catalog", d.Catalog) && !IdentifierRegex().IsMatch(d.Catalog))
        {
            Add("databricks.catalog", "env.identifier", $"'{d.Catalog}' must be a lowercase SQL identifier (letters, digits, underscores).");
        }

        if (Required("databricks.notebookRoot", d.NotebookRoot) && !WorkspacePathRegex().IsMatch(d.NotebookRoot))
        {
            Add("databricks.notebookRoot", "env.workspace-path", $"'{d.NotebookRoot}' must be an absolute workspace folder such as /Shared/InsightPulseAI/Juicer (no trailing slash).");
        }

        if (Required("databricks.secretScope", d.SecretScope) && !ScopeRegex().IsMatch(d.SecretScope))
        {
            Add("databricks.secretScope", "env.secret-scope", $"'{d.SecretScope}' is not a secret scope name: use letters, digits, '-', '_', '.' (at most 128).");
        }

        Range("databricks.rateLimitPerSecond", d.RateLimitPerSecond, 1, 100, "client-side requests per second");

        foreach (var missing in clusterProfiles?.Where(p => !d.Clusters.ContainsKey(p)) ?? [])
        {
            Add("databricks.clusters", "env.cluster-missing", $"cluster profile '{missing}' (templates/lakehouse.yaml) has no size; add databricks.clusters.{missing} with nodeType, minWorkers and maxWorkers.");
        }

        foreach (var (key, size) in d.Clusters)
        {
            var path = "databricks.clusters." + key;
            if (clusterProfiles is not null && !clusterProfiles.Contains(key))
            {
                Add(path, "env.cluster-unknown", $"'{key}' is not a cluster profile declared in templates/lakehouse.yaml; use one of {string.Join(", ", clusterProfiles)}.");
                continue;
            }

            if (Required(path + ".nodeType", size.NodeType) && !NodeTypeRegex().IsMatch(size.NodeType))
            {
                Add(path + ".nodeType", "env.node-type", $"'{size.NodeType}' is not an Azure VM size such as Standard_D4ds_v5.");
            }

            Range(path + ".minWorkers", size.MinWorkers, 1, 1000, "autoscale needs at least one worker");
            if (size.MaxWorkers <= size.MinWorkers)
            {
                Add(path + ".maxWorkers", "env.autoscale", $"maxWorkers ({size.MaxWorkers}) must be greater than minWorkers ({size.MinWorkers}), as the Jobs API requires.");
            }
        }

        var schedules = d.Schedules;
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(schedules.Timezone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            Add("databricks.schedules.timezone", "env.timezone", $"'{schedules.Timezone}' is not a time-zone id; use an IANA id such as UTC or Europe/London.");
        }

        Cron("databricks.schedules.dailyMedallion", schedules.DailyMedallion);
        Cron("databricks.schedules.weeklyInsightsSummary", schedules.WeeklyInsightsSummary);
        Cron("databricks.schedules.weeklyMaintenance", schedules.WeeklyMaintenance);
    }

    private void Tags()
    {
        if (env.Tags.Count == 0)
        {
            Add("tags", "env.tags", "tags must name at least Project and Environment; every resource carries them.");
            return;
        }

        foreach (var required in new[] { "Project", "Environment" })
        {
            if (!env.Tags.ContainsKey(required))
            {
                Add("tags", "env.tags", $"tag '{required}' is required.");
            }
        }

        foreach (var (key, value) in env.Tags)
        {
            if (key.Length > 512 || key.Any(c => "<>%&\\?/".Contains(c)) || value.Length > 256)
            {
                Add("tags." + key, "env.tags", $"tag '{key}' breaks Azure's tag rules (name ≤ 512 without < > % & \\ ? /, value ≤ 256).");
            }
        }
    }
}
