namespace ProjectScout.Model.Azure;

/// <summary>
/// One Azure resource type: its ARM type string, the api-version the toolkit's own calls use for it (null when only
/// templates deploy it, which then name their own version), and whether it holds data or identity (stateful).
/// </summary>
public sealed record AzureResourceType(string Name, string? ApiVersion = null, bool Stateful = false)
{
    /// <summary>Whether <paramref name="type"/> names this type (ARM types compare case-insensitively).</summary>
    public bool Is(string? type) => string.Equals(type, Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The last segment (storageAccounts), as documents show it.</summary>
    public string ShortName => Name[(Name.LastIndexOf('/') + 1)..];

    public override string ToString() => Name;
}

/// <summary>Every Azure resource type the toolkit and the sandbox use, declared once.</summary>
public static class AzureResourceTypes
{
    public static readonly AzureResourceType ResourceGroups = new("Microsoft.Resources/resourceGroups", ResourcesApiVersion);
    public static readonly AzureResourceType Deployments = new("Microsoft.Resources/deployments", ResourcesApiVersion);
    public static readonly AzureResourceType Tags = new("Microsoft.Resources/tags", ResourcesApiVersion);

    public static readonly AzureResourceType StorageAccounts = new("Microsoft.Storage/storageAccounts", Stateful: true);
    public static readonly AzureResourceType BlobServices = new("Microsoft.Storage/storageAccounts/blobServices");
    public static readonly AzureResourceType BlobContainers = new("Microsoft.Storage/storageAccounts/blobServices/containers");
    public static readonly AzureResourceType ManagementPolicies = new("Microsoft.Storage/storageAccounts/managementPolicies");

    public static readonly AzureResourceType KeyVaults = new("Microsoft.KeyVault/vaults", "2023-07-01", Stateful: true);
    public static readonly AzureResourceType KeyVaultSecrets = new("Microsoft.KeyVault/vaults/secrets");

    public static readonly AzureResourceType DatabricksWorkspaces = new("Microsoft.Databricks/workspaces", "2024-05-01", Stateful: true);

    /// <summary>Unity Catalog's identity to the lake: replacing it changes its principal id and orphans role assignments and storage credentials.</summary>
    public static readonly AzureResourceType AccessConnectors = new("Microsoft.Databricks/accessConnectors", "2026-01-01", Stateful: true);

    public static readonly AzureResourceType LogAnalyticsWorkspaces = new("Microsoft.OperationalInsights/workspaces", Stateful: true);

    public static readonly AzureResourceType VirtualNetworks = new("Microsoft.Network/virtualNetworks");
    public static readonly AzureResourceType Subnets = new("Microsoft.Network/virtualNetworks/subnets");
    public static readonly AzureResourceType NetworkSecurityGroups = new("Microsoft.Network/networkSecurityGroups");
    public static readonly AzureResourceType PrivateEndpoints = new("Microsoft.Network/privateEndpoints");
    public static readonly AzureResourceType PrivateDnsZoneGroups = new("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
    public static readonly AzureResourceType PrivateDnsZones = new("Microsoft.Network/privateDnsZones");
    public static readonly AzureResourceType PrivateDnsZoneLinks = new("Microsoft.Network/privateDnsZones/virtualNetworkLinks");
    public static readonly AzureResourceType NatGateways = new("Microsoft.Network/natGateways");
    public static readonly AzureResourceType PublicIpAddresses = new("Microsoft.Network/publicIPAddresses");
    public static readonly AzureResourceType RouteTables = new("Microsoft.Network/routeTables");

    public static readonly AzureResourceType DiagnosticSettings = new("Microsoft.Insights/diagnosticSettings");
    public static readonly AzureResourceType MetricAlerts = new("Microsoft.Insights/metricAlerts");
    public static readonly AzureResourceType ScheduledQueryRules = new("Microsoft.Insights/scheduledQueryRules");
    public static readonly AzureResourceType ActionGroups = new("Microsoft.Insights/actionGroups");

    /// <summary>Alert processing rules: route alerts to the severity tiers' action groups, or suppress them (quiet hours).</summary>
    public static readonly AzureResourceType ActionRules = new("Microsoft.AlertsManagement/actionRules");

    public static readonly AzureResourceType AutomationAccounts = new("Microsoft.Automation/automationAccounts");
    public static readonly AzureResourceType Runbooks = new("Microsoft.Automation/automationAccounts/runbooks", "2024-10-23");
    public static readonly AzureResourceType JobSchedules = new("Microsoft.Automation/automationAccounts/jobSchedules");
    public static readonly AzureResourceType HybridWorkerGroups = new("Microsoft.Automation/automationAccounts/hybridRunbookWorkerGroups");
    public static readonly AzureResourceType HybridWorkers = new("Microsoft.Automation/automationAccounts/hybridRunbookWorkerGroups/hybridRunbookWorkers");

    /// <summary>The rotation's Hybrid Runbook Worker VM, its NIC and its worker extension.</summary>
    public static readonly AzureResourceType VirtualMachines = new("Microsoft.Compute/virtualMachines");
    public static readonly AzureResourceType VirtualMachineExtensions = new("Microsoft.Compute/virtualMachines/extensions");
    public static readonly AzureResourceType NetworkInterfaces = new("Microsoft.Network/networkInterfaces");

    /// <summary>The portal dashboards phase 2 deploys (storage and pipeline monitoring).</summary>
    public static readonly AzureResourceType PortalDashboards = new("Microsoft.Portal/dashboards");

    /// <summary>App Service and Function apps: a VNet-integrated one can run the rotation inside the network boundary.</summary>
    public static readonly AzureResourceType WebSites = new("Microsoft.Web/sites");

    public static readonly AzureResourceType Locks = new("Microsoft.Authorization/locks");
    public static readonly AzureResourceType RoleAssignments = new("Microsoft.Authorization/roleAssignments");

    /// <summary>Every type above, sorted by name.</summary>
    public static IReadOnlyList<AzureResourceType> All { get; } =
    [
        .. new[]
        {
            ResourceGroups, Deployments, Tags, StorageAccounts, BlobServices, BlobContainers, ManagementPolicies, KeyVaults,
            KeyVaultSecrets, DatabricksWorkspaces, AccessConnectors, LogAnalyticsWorkspaces, VirtualNetworks, Subnets, NetworkSecurityGroups,
            PrivateEndpoints, PrivateDnsZoneGroups, PrivateDnsZones, PrivateDnsZoneLinks, NatGateways, PublicIpAddresses, RouteTables,
            DiagnosticSettings, MetricAlerts, ScheduledQueryRules, ActionGroups, AutomationAccounts, Runbooks, JobSchedules, Locks,
            RoleAssignments, ActionRules, HybridWorkerGroups, HybridWorkers, VirtualMachines, VirtualMachineExtensions, NetworkInterfaces,
            PortalDashboards, WebSites,
        }.OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    /// <summary>Types holding data or identity: the policy check locks them in prod, the deployer refuses to delete them without --allow-delete.</summary>
    public static IReadOnlySet<string> StatefulNames { get; } =
        All.Where(t => t.Stateful).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The declared type named <paramref name="type"/> (case-insensitive), or null.</summary>
    public static AzureResourceType? Find(string? type) => All.FirstOrDefault(t => t.Is(type));

    /// <summary>Whether <paramref name="type"/> is a declared stateful type.</summary>
    public static bool IsStateful(string? type) => Find(type)?.Stateful ?? false;

    /// <summary>The Resource Manager api-version of deployments, resource groups and tags (the toolkit's ARM client default).</summary>
    public const string ResourcesApiVersion = "2025-04-01";
}
