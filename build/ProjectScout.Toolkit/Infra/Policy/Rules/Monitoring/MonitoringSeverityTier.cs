using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Escalation is declared, not implied: every alert states a severity that one of the environment's tiers
/// (alerting.tiers) takes, and production escalates through at least two action groups.
/// </summary>
public sealed class MonitoringSeverityTier() : PolicyRuleBase("monitoring.severity-tier", WafPillar.OperationalExcellence, "Every alert's severity maps to a declared tier; production escalates through two or more action groups")
{
    public const int ProductionActionGroups = 2;

    public override string Recommendation => "Give every alert a severity one of alerting.tiers takes; in production declare at least two tiers (page, notify).";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var alerting = input.Environment.Alerting;
        foreach (var alert in input.OfType(MetricAlerts.Name).Concat(input.OfType(ScheduledQueryRules.Name)))
        {
            var value = Number(alert.Get("properties.severity"));
            var tier = double.IsNaN(value) ? null : alerting.TierOf((int)value);
            yield return Result(alert, "properties.severity", tier is not null, double.IsNaN(value)
                ? "declares no severity; every alert must state one (0-4)"
                : tier is null ? $"is {value}; no tier of alerting.tiers ({string.Join(", ", alerting.Tiers.Select(t => $"{t.Name}: {string.Join("/", t.Severities)}"))}) takes it" : $"is {value}: tier {tier.Name}");
        }

        if (input.Environment.IsProduction)
        {
            var groups = input.OfType(ActionGroups.Name).Select(g => g.Name).Order(StringComparer.Ordinal).ToList();
            yield return Check("action groups (production)", "count", groups.Count >= ProductionActionGroups,
                $"{groups.Count} action group(s){(groups.Count > 0 ? ": " + string.Join(", ", groups) : "")}{input.PhasesNote}; production needs at least {ProductionActionGroups} (one per tier)",
                type: ActionGroups.Name);
        }
    }
}
