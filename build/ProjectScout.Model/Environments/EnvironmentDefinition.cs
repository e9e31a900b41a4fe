namespace ProjectScout.Model.Environments;

// The environment file is the one source of every name and setting that templates, notebooks, jobs and docs need.
// These classes mirror templates/environments/<env>.yaml (camelCase keys); EnvironmentValidator enforces what is
// required, so properties default to empty rather than null.

public enum EnvironmentKind
{
    /// <summary>The local stand-in for ARM and Databricks that the toolkit starts itself.</summary>
    Sandbox,

    /// <summary>A real Azure subscription, reached with Azure.Identity credentials.</summary>
    Azure,
}

public sealed class EnvironmentDefinition
{
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public EnvironmentKind Kind { get; set; } = EnvironmentKind.Azure;
    public bool IsProduction { get; set; }
    public AzureTarget Azure { get; set; } = new();
    public ResourceNames Names { get; set; } = new();
    public Ownership Ownership { get; set; } = new();
    public MonitoringSettings Monitoring { get; set; } = new();
    public NetworkSettings Network { get; set; } = new();
    public StorageSettings Storage { get; set; } = new();
    public KeyVaultSettings KeyVault { get; set; } = new();
    public KeyRotationSettings KeyRotation { get; set; } = new();
    public DatabricksSettings Databricks { get; set; } = new();
    public PrincipalSettings Principals { get; set; } = new();
    public RecoverySettings Recovery { get; set; } = new();
    public AlertingSettings Alerting { get; set; } = new();
    public WorkloadSettings Workload { get; set; } = new();
    public SortedDictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The file this definition was loaded from (repository-relative), for messages.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string SourceFile { get; set; } = "";
}

public sealed class AzureTarget
{
    /// <summary>A literal subscription id; or leave empty and name the variable that holds it.</summary>
    public string SubscriptionId { get; set; } = "";
    public string SubscriptionIdVariable { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string TenantIdVariable { get; set; } = "";
    public string Location { get; set; } = "";
    public string ResourceGroup { get; set; } = "";

    /// <summary>The group must exist before the first deploy (prod adopts the original's): a missing one stops the run instead of being created.</summary>
    public bool ResourceGroupMustExist { get; set; }

    /// <summary>default | environment | workload-identity | azure-cli | managed-identity | azure-pipelines.</summary>
    public string Credential { get; set; } = "default";
}

public sealed class ResourceNames
{
    public string DatabricksWorkspace { get; set; } = "";
    public string StorageAccount { get; set; } = "";
    public string BackupStorageAccount { get; set; } = "";
    public string KeyVault { get; set; } = "";
    public string LogAnalyticsWorkspace { get; set; } = "";
    public string ActionGroup { get; set; } = "";
    public string VirtualNetwork { get; set; } = "";
    public string AutomationAccount { get; set; } = "";
    public string MonitoringDashboard { get; set; } = "";
    public string StorageDashboard { get; set; } = "";
}

/// <summary>Which platform resources the toolkit creates and owns in this environment.</summary>
public sealed class Ownership
{
    public bool DatabricksWorkspace { get; set; } = true;
    public bool StorageAccount { get; set; } = true;
    public bool KeyVault { get; set; } = true;

    /// <summary>
    /// The storage account, Key Vault and workspace may exist before the toolkit deploys them under these names (prod adopts
    /// the original system's): every deploy first reads them and stops on a create-only or consumer-breaking change. Real
    /// environments always run that preflight; the sandbox only when this is set.
    /// </summary>
    public bool AdoptsExisting { get; set; }
}

public sealed class MonitoringSettings
{
    public int RetentionDays { get; set; }
    public double DailyCapGb { get; set; }
    public int StorageCapacityGiB { get; set; }
    public int StorageCapacityAlertPercent { get; set; }
}

public sealed class NetworkSettings
{
    public string AddressSpace { get; set; } = "";
    public SubnetRanges Subnets { get; set; } = new();
    public List<string> AllowedIpRanges { get; set; } = [];

    /// <summary>How both Databricks subnets reach the internet; every environment declares it.</summary>
    public EgressSettings Egress { get; set; } = new();
}

/// <summary>Egress of the no-public-IP Databricks subnets (new VNets have no default outbound access).</summary>
public sealed class EgressSettings
{
    /// <summary>The values of <see cref="Mode"/>.</summary>
    public static readonly IReadOnlyList<string> Modes = [NatGateway, Firewall];

    public const string NatGateway = "natGateway";
    public const string Firewall = "firewall";

    /// <summary>natGateway: a Standard NAT gateway with a static public IP; firewall: a default route to <see cref="FirewallIp"/>.</summary>
    public string Mode { get; set; } = "";

    /// <summary>Private IP of the firewall (the next hop) when <see cref="Mode"/> is firewall.</summary>
    public string FirewallIp { get; set; } = "";
}

public sealed class SubnetRanges
{
    /// <summary>Databricks host ("public") subnet, delegated to Microsoft.Databricks/workspaces.</summary>
    public string DatabricksHost { get; set; } = "";

    /// <summary>Databricks container ("private") subnet, delegated to Microsoft.Databricks/workspaces.</summary>
    public string DatabricksContainer { get; set; } = "";

    public string PrivateEndpoints { get; set; } = "";

    /// <summary>The subnets in a stable order, with their environment-file keys.</summary>
    public IEnumerable<(string Key, string Cidr)> All()
    {
        yield return ("databricksHost", DatabricksHost);
        yield return ("databricksContainer", DatabricksContainer);
        yield return ("privateEndpoints", PrivateEndpoints);
    }
}

public sealed class StorageSettings
{
    /// <summary>Standard_LRS, Standard_ZRS, Standard_GRS, Standard_RAGRS, Standard_GZRS, Standard_RAGZRS.</summary>
    public string Sku { get; set; } = "";
    public int SoftDeleteDays { get; set; } = 14;

    /// <summary>Path prefixes (container/folder/) that hold raw landing files, never Delta tables: the only data tiered to Cool.</summary>
    public List<string> RawPrefixes { get; set; } = [];
    public int RawCoolAfterDays { get; set; } = 30;
    public int LogRetentionDays { get; set; } = 365;
    public int DataQualityRetentionDays { get; set; } = 365;
    public int InventoryRetentionDays { get; set; } = 90;
    public int SnapshotRetentionDays { get; set; } = 90;

    /// <summary>Platinum rows are kept this long by row-based deletes in the maintenance notebook, never by file age.</summary>
    public int PlatinumRetentionDays { get; set; } = 731;
    public bool BackupAccount { get; set; }
    public bool ResourceLocks { get; set; }

    /// <summary>Infrastructure (double) encryption, chosen when an account is created; false keeps an adopted account that lacks it.</summary>
    public bool InfrastructureEncryption { get; set; } = true;

    /// <summary>Account-key access; true keeps it for an adopted account whose consumers still use the key (the original's wasbs mounts).</summary>
    public bool AllowSharedKeyAccess { get; set; }
}

public sealed class KeyVaultSettings
{
    public const string Rbac = "rbac";
    public const string AccessPolicies = "accessPolicies";

    /// <summary>The values of <see cref="Authorization"/>.</summary>
    public static readonly IReadOnlyList<string> AuthorizationModes = [Rbac, AccessPolicies];

    /// <summary>rbac (Azure role assignments) or accessPolicies (keeps an adopted vault's access-policy model).</summary>
    public string Authorization { get; set; } = Rbac;
}

public sealed class KeyRotationSettings
{
    public int IntervalDays { get; set; } = 90;

    /// <summary>Third-party API keys, each with its declared expiry (a date or a rotation period): watched for near-expiry, never overwritten.</summary>
    public List<ThirdPartySecret> ThirdPartySecrets { get; set; } = [];
    public RotationWorkerSettings Worker { get; set; } = new();
    public int NearExpiryWarningDays { get; set; } = 14;
}

public sealed class DatabricksSettings
{
    /// <summary>Workspace URL for environments whose workspace the toolkit does not create; otherwise from the ARM deployment.</summary>
    public string Host { get; set; } = "";
    public string SparkVersion { get; set; } = "";
    public string Catalog { get; set; } = "";
    public string NotebookRoot { get; set; } = "";
    public string SecretScope { get; set; } = "";

    /// <summary>
    /// Object id of the AzureDatabricks application's service principal in this tenant (it differs per tenant): it is
    /// granted Key Vault Secrets User on the vault so the Key Vault-backed secret scope can read secrets.
    /// </summary>
    public string AzureDatabricksObjectId { get; set; } = "";
    public int RateLimitPerSecond { get; set; } = 15;

    /// <summary>Deploy the workspace into the environment's VNet; false keeps an adopted workspace created without VNet injection.</summary>
    public bool VnetInjection { get; set; } = true;

    /// <summary>
    /// False while the deploying service principal is not yet a user of the workspace: the client then sends the
    /// X-Databricks-Azure-SP-Management-Token and X-Databricks-Azure-Workspace-Resource-Id headers.
    /// </summary>
    public bool ServicePrincipalIsWorkspaceUser { get; set; } = true;

    /// <summary>Job cluster sizes by cluster profile key (templates/lakehouse.yaml declares the profiles).</summary>
    public SortedDictionary<string, ClusterSize> Clusters { get; set; } = new(StringComparer.Ordinal);
    public JobSchedules Schedules { get; set; } = new();
}

public sealed class ClusterSize
{
    public string NodeType { get; set; } = "";
    public int MinWorkers { get; set; }
    public int MaxWorkers { get; set; }
}

public sealed class JobSchedules
{
    /// <summary>Java time-zone id, as the Jobs API expects.</summary>
    public string Timezone { get; set; } = "UTC";

    /// <summary>Quartz cron expressions.</summary>
    public string DailyMedallion { get; set; } = "";
    public string WeeklyInsightsSummary { get; set; } = "";
    public string WeeklyMaintenance { get; set; } = "";
    public bool Paused { get; set; }
}
