using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra.Rules;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// The report's findings: the gate rules' results as CheckInfraPolicies saved them (or, when stale, the same evaluation),
/// and the advisory rules evaluated by the same engine over the snapshots, rendered jobs and contracts the documents show.
/// No check is implemented here; every row is a rule's result, passes included.
/// </summary>
public static class LakehouseChecks
{
    public static readonly string StorageAccounts = AzureResourceTypes.StorageAccounts.Name;
    public static readonly string ManagementPolicies = AzureResourceTypes.ManagementPolicies.Name;
    public static readonly string KeyVaults = AzureResourceTypes.KeyVaults.Name;
    public static readonly string PrivateEndpoints = AzureResourceTypes.PrivateEndpoints.Name;
    public static readonly string NetworkSecurityGroups = AzureResourceTypes.NetworkSecurityGroups.Name;
    public static readonly string DiagnosticSettings = AzureResourceTypes.DiagnosticSettings.Name;
    public static readonly string ActionGroups = AzureResourceTypes.ActionGroups.Name;
    public static readonly string MetricAlerts = AzureResourceTypes.MetricAlerts.Name;
    public static readonly string ScheduledQueryRules = AzureResourceTypes.ScheduledQueryRules.Name;
    public static readonly string LogAnalytics = AzureResourceTypes.LogAnalyticsWorkspaces.Name;

    public static IReadOnlyList<AlignmentFinding> Run(LakehouseModel model)
    {
        var findings = new List<AlignmentFinding>();
        if (model.InfraPolicy is null)
        {
            findings.Add(new AlignmentFinding("infra.policy-results", WafPillar.OperationalExcellence, "Infrastructure policy check results",
                "artifacts/<env>/infra", InfraPhases.PolicyResultsFileName, false, $"absent: {model.InfraPolicyAbsence}",
                "Compile the templates and run CheckInfraPolicies for this environment.", Source: AlignmentFinding.InfraSource));
        }
        else
        {
            findings.AddRange(model.InfraPolicy.Results.Select(AlignmentFinding.From));
        }

        findings.AddRange(PolicyEngine.Evaluate(model.PolicyInput, PolicyKind.Advisory).Select(AlignmentFinding.From));
        return findings
            .OrderBy(f => f.Pillar)
            .ThenBy(f => f.Source, StringComparer.Ordinal)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Resource, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A lifecycle policy's enabled actions (see <see cref="LifecycleActions"/>), as the documents list them.</summary>
    internal static IEnumerable<(string Rule, string Action, string Days, IReadOnlyList<string> Prefixes)> Actions(JsonNode? rules) =>
        LifecycleActions.Of(rules).Select(a => (a.Rule, a.Action, a.Days, a.Prefixes));
}
