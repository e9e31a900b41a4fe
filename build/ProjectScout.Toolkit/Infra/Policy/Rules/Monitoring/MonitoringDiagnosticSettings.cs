using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class MonitoringDiagnosticSettings() : PolicyRuleBase("monitoring.diagnostic-settings", WafPillar.OperationalExcellence, "Diagnostic settings send to Log Analytics")
{
    /// <summary>Resource types that must have a diagnostic setting when present.</summary>
    private static readonly string[] Monitored =
    [
        StorageAccounts.Name, BlobServices.Name, KeyVaults.Name, DatabricksWorkspaces.Name, VirtualNetworks.Name, NetworkSecurityGroups.Name, AutomationAccounts.Name,
    ];

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var diagnostics = input.OfType(DiagnosticSettings.Name).ToList();
        foreach (var resource in input.Resources.Where(r => Monitored.Contains(r.Type, StringComparer.OrdinalIgnoreCase)))
        {
            var toWorkspace = diagnostics
                .Where(d => d.Id.StartsWith(resource.Id + $"/providers/{DiagnosticSettings.Name}/", StringComparison.OrdinalIgnoreCase))
                .Where(s => Str(s.Get("properties.workspaceId")).Contains($"/{LogAnalyticsWorkspaces.Name}/", StringComparison.OrdinalIgnoreCase))
                .ToList();
            yield return Result(resource, "diagnosticSettings", toWorkspace.Count > 0, toWorkspace.Count > 0
                ? $"'{toWorkspace[0].Name}' sends to {Str(toWorkspace[0].Get("properties.workspaceId")).Split('/')[^1]}"
                : "no diagnostic setting sends this resource's logs/metrics to Log Analytics");
        }
    }
}
