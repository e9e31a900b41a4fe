using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class MonitoringAlertActionGroup() : PolicyRuleBase("monitoring.alert-action-group", WafPillar.OperationalExcellence, "Every alert reaches an action group of the deployment")
{
    public override string Recommendation => "Route every alert to a tier's action group: an alert processing rule whose Severity condition covers it (alerting.tiers), or a direct action group.";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var actionGroups = input.OfType(ActionGroups.Name).Select(a => a.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Known(string id) => actionGroups.Contains(id) || id.Split('/')[^1].StartsWith(input.Environment.Names.ActionGroup, StringComparison.OrdinalIgnoreCase);

        // Severity ("Sev1") → the action groups the enabled AddActionGroups processing rules give it.
        var routed = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in input.OfType(ActionRules.Name).Where(r => r.Get("properties.enabled") is not JsonValue v || IsTrue(v)))
        {
            var groups = (rule.Get("properties.actions") as JsonArray ?? []).OfType<JsonObject>()
                .Where(a => GetString(a, "actionType") == "AddActionGroups")
                .SelectMany(a => (a["actionGroupIds"] as JsonArray ?? []).Select(Str)).Where(Known).ToList();
            var severities = (rule.Get("properties.conditions") as JsonArray ?? []).OfType<JsonObject>()
                .Where(c => GetString(c, "field") == "Severity" && GetString(c, "operator") == "Equals")
                .SelectMany(c => (c["values"] as JsonArray ?? []).Select(Str));
            foreach (var severity in severities)
            {
                (routed.TryGetValue(severity, out var list) ? list : routed[severity] = []).AddRange(groups.Select(g => g.Split('/')[^1]));
            }
        }

        foreach (var alert in input.OfType(MetricAlerts.Name).Concat(input.OfType(ScheduledQueryRules.Name)))
        {
            var direct = (MetricAlerts.Is(alert.Type)
                ? alert.Get("properties.actions")?.AsArray().Select(a => GetString(a, "actionGroupId")).ToList()
                : alert.Get("properties.actions.actionGroups")?.AsArray().Select(Str).ToList()) ?? [];
            var known = direct.Where(Known).Select(g => g.Split('/')[^1]).ToList();
            var severity = $"Sev{Number(alert.Get("properties.severity"))}";
            var byRule = routed.GetValueOrDefault(severity) ?? [];
            var passed = known.Count > 0 || byRule.Count > 0;
            yield return Result(alert, "properties.actions", passed, passed
                ? $"notifies {string.Join(", ", known.Concat(byRule).Distinct().Order(StringComparer.Ordinal))}{(byRule.Count > 0 ? $" (routed by severity {severity})" : "")}"
                : direct.Count == 0 ? $"notifies no action group: no alert processing rule routes {severity}" : $"notifies {string.Join(", ", direct)}, not an action group of the deployment");
        }
    }
}
