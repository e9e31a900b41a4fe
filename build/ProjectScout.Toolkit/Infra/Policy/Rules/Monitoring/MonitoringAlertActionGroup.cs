using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class MonitoringAlertActionGroup() : PolicyRuleBase("monitoring.alert-action-group", WafPillar.OperationalExcellence, "Every alert notifies an action group of the deployment")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var actionGroups = input.OfType(ActionGroups.Name).Select(a => a.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Alerts of later phases route to the phase-1 action group through its resource id.
        var expectedGroup = $"/providers/{ActionGroups.Name}/{input.Environment.Names.ActionGroup}";
        foreach (var alert in input.OfType(MetricAlerts.Name).Concat(input.OfType(ScheduledQueryRules.Name)))
        {
            var groups = MetricAlerts.Is(alert.Type)
                ? alert.Get("properties.actions")?.AsArray().Select(a => GetString(a, "actionGroupId")).ToList() ?? []
                : alert.Get("properties.actions.actionGroups")?.AsArray().Select(Str).ToList() ?? [];
            var known = groups.Where(g => actionGroups.Contains(g) || g.EndsWith(expectedGroup, StringComparison.OrdinalIgnoreCase)).ToList();
            yield return Result(alert, "properties.actions", known.Count > 0,
                known.Count > 0 ? $"notifies {known[0].Split('/')[^1]}" : groups.Count == 0 ? "notifies no action group" : $"notifies {string.Join(", ", groups)}, not the deployment's action group");
        }
    }
}
