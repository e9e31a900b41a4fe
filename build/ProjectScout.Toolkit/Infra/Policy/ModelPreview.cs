// TEMPORARY: the model helper's JsonPath and AzureResourceTypes (build/ProjectScout.Model), with the same names and
// signatures, until `git merge model` brings the real ones; delete this file at that merge.
using System.Text.Json.Nodes;

namespace ProjectScout.Model.Json
{
    public static class JsonPath
    {
        public static JsonNode? Get(JsonNode? node, string path)
        {
            foreach (var segment in path.Split('.'))
            {
                node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var next) ? next : null;
                if (node is null)
                {
                    return null;
                }
            }

            return node;
        }

        public static string GetString(JsonNode? node, string path) => Str(Get(node, path));

        public static string Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;

        public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

        public static string Show(JsonNode? node) => node switch
        {
            null => "(not set)",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
    }
}

namespace ProjectScout.Model.Azure
{
    public sealed record AzureResourceType(string Name, string? ApiVersion = null, bool Stateful = false)
    {
        public bool Is(string? type) => string.Equals(type, Name, StringComparison.OrdinalIgnoreCase);

        public string ShortName => Name[(Name.LastIndexOf('/') + 1)..];

        public override string ToString() => Name;
    }

    public static class AzureResourceTypes
    {
        public static readonly AzureResourceType StorageAccounts = new("Microsoft.Storage/storageAccounts", Stateful: true);
        public static readonly AzureResourceType BlobServices = new("Microsoft.Storage/storageAccounts/blobServices");
        public static readonly AzureResourceType BlobContainers = new("Microsoft.Storage/storageAccounts/blobServices/containers");
        public static readonly AzureResourceType ManagementPolicies = new("Microsoft.Storage/storageAccounts/managementPolicies");
        public static readonly AzureResourceType KeyVaults = new("Microsoft.KeyVault/vaults", "2023-07-01", Stateful: true);
        public static readonly AzureResourceType DatabricksWorkspaces = new("Microsoft.Databricks/workspaces", "2024-05-01", Stateful: true);
        public static readonly AzureResourceType LogAnalyticsWorkspaces = new("Microsoft.OperationalInsights/workspaces", Stateful: true);
        public static readonly AzureResourceType VirtualNetworks = new("Microsoft.Network/virtualNetworks");
        public static readonly AzureResourceType Subnets = new("Microsoft.Network/virtualNetworks/subnets");
        public static readonly AzureResourceType NetworkSecurityGroups = new("Microsoft.Network/networkSecurityGroups");
        public static readonly AzureResourceType PrivateEndpoints = new("Microsoft.Network/privateEndpoints");
        public static readonly AzureResourceType PrivateDnsZoneGroups = new("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
        public static readonly AzureResourceType PrivateDnsZones = new("Microsoft.Network/privateDnsZones");
        public static readonly AzureResourceType PrivateDnsZoneLinks = new("Microsoft.Network/privateDnsZones/virtualNetworkLinks");
        public static readonly AzureResourceType DiagnosticSettings = new("Microsoft.Insights/diagnosticSettings");
        public static readonly AzureResourceType MetricAlerts = new("Microsoft.Insights/metricAlerts");
        public static readonly AzureResourceType ScheduledQueryRules = new("Microsoft.Insights/scheduledQueryRules");
        public static readonly AzureResourceType ActionGroups = new("Microsoft.Insights/actionGroups");
        public static readonly AzureResourceType AutomationAccounts = new("Microsoft.Automation/automationAccounts");
        public static readonly AzureResourceType Locks = new("Microsoft.Authorization/locks");

        private static readonly AzureResourceType[] All =
        [
            StorageAccounts, BlobServices, BlobContainers, ManagementPolicies, KeyVaults, DatabricksWorkspaces, LogAnalyticsWorkspaces, VirtualNetworks,
            Subnets, NetworkSecurityGroups, PrivateEndpoints, PrivateDnsZoneGroups, PrivateDnsZones, PrivateDnsZoneLinks, DiagnosticSettings,
            MetricAlerts, ScheduledQueryRules, ActionGroups, AutomationAccounts, Locks,
        ];

        public static AzureResourceType? Find(string? type) => All.FirstOrDefault(t => t.Is(type));

        public static bool IsStateful(string? type) => Find(type)?.Stateful ?? false;
    }
}
