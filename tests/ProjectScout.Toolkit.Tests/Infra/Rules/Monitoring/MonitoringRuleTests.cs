using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The monitoring rules over diagnostic settings, alerts and Log Analytics fragments.</summary>
[TestFixture]
public sealed class MonitoringRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("monitoring.diagnostic-settings", "vault logs to Log Analytics", () =>
        {
            var vault = Resource("Microsoft.KeyVault/vaults", "kv");
            return Input(vault, Extension(vault, "Microsoft.Insights/diagnosticSettings", "to-law",
                Fill("""{"properties": {"workspaceId": "@0@"}}""", Id("Microsoft.OperationalInsights/workspaces", "law"))));
        });
        yield return RuleCase.Fail("monitoring.diagnostic-settings", "vault without a setting", "no diagnostic setting sends", () => Input(Resource("Microsoft.KeyVault/vaults", "kv")));
        yield return RuleCase.Pass("monitoring.alert-action-group", "metric alert to the deployment's action group", () => Input(ActionGroup(), MetricAlert(ActionGroup()["id"]!.ToString())));
        yield return RuleCase.Pass("monitoring.alert-action-group", "log alert to the phase-1 action group by id", () =>
            Input(LogAlert("PT5M", Id("Microsoft.Insights/actionGroups", Environment().Names.ActionGroup))));
        yield return RuleCase.Fail("monitoring.alert-action-group", "alert to nobody", "notifies no action group", () => Input(MetricAlert(actionGroupId: null)));
        yield return RuleCase.Pass("monitoring.alert-action-group", "routed by a processing rule on its severity", () =>
            Input(ActionGroup(), MetricAlert(null).With("properties.severity", 1), Route("Sev1", ActionGroup()["id"]!.ToString())));
        yield return RuleCase.Fail("monitoring.alert-action-group", "processing rule for another severity", "no alert processing rule routes Sev3", () =>
            Input(ActionGroup(), MetricAlert(null).With("properties.severity", 3), Route("Sev1", ActionGroup()["id"]!.ToString())));
        yield return RuleCase.Pass("monitoring.severity-tier", "severity 1 goes to the page tier", () => Input(MetricAlert(null).With("properties.severity", 1)));
        yield return RuleCase.Fail("monitoring.severity-tier", "severity no tier takes", "no tier of alerting.tiers", () =>
        {
            var environment = Environment();
            environment.Alerting.Tiers.RemoveAll(t => t.Severities.Contains(3));
            return Input(environment, MetricAlert(null).With("properties.severity", 3));
        });
        yield return RuleCase.Fail("monitoring.severity-tier", "alert without a severity", "declares no severity", () => Input(MetricAlert(null)));
        yield return RuleCase.Pass("monitoring.severity-tier", "production with two tier groups", () =>
        {
            var environment = Environment();
            environment.IsProduction = true;
            return Input(environment, Resource("Microsoft.Insights/actionGroups", "ag-page"), Resource("Microsoft.Insights/actionGroups", "ag-notify"));
        });
        yield return RuleCase.Fail("monitoring.severity-tier", "production with one action group", "production needs at least 2", () =>
        {
            var environment = Environment();
            environment.IsProduction = true;
            return Input(environment, ActionGroup(), MetricAlert(null).With("properties.severity", 2));
        });
        yield return RuleCase.Pass("monitoring.metric-auto-mitigate", "auto-mitigate", () => Input(MetricAlert(null)));
        yield return RuleCase.Fail("monitoring.metric-auto-mitigate", "manual resolve", "is false; must be true", () => Input(MetricAlert(null).With("properties.autoMitigate", false)));
        yield return RuleCase.Pass("monitoring.capacity-threshold-bytes", "bytes", () => Input(MetricAlert(null, threshold: ExpectedBytes())));
        yield return RuleCase.Fail("monitoring.capacity-threshold-bytes", "GiB", "UsedCapacity is in bytes", () => Input(MetricAlert(null, threshold: Environment().Monitoring.StorageCapacityGiB)));
        yield return RuleCase.Pass("monitoring.no-high-frequency-query", "every 5 minutes", () => Input(LogAlert("PT5M", null)));
        yield return RuleCase.Fail("monitoring.no-high-frequency-query", "every minute", "is PT1M; must be PT5M or slower", () => Input(LogAlert("PT1M", null)));
        yield return RuleCase.Pass("monitoring.daily-cap", "1 GB a day", () => Input(Workspace(1)));
        yield return RuleCase.Fail("monitoring.daily-cap", "no cap", "properties.workspaceCapping.dailyQuotaGb = -1", () => Input(Workspace(-1)));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static long ExpectedBytes()
    {
        var monitoring = Environment().Monitoring;
        return (long)monitoring.StorageCapacityGiB * 1024 * 1024 * 1024 * monitoring.StorageCapacityAlertPercent / 100;
    }

    private static JsonObject ActionGroup() => Resource("Microsoft.Insights/actionGroups", "ag");

    /// <summary>An alert processing rule adding <paramref name="actionGroupId"/> to alerts of <paramref name="severity"/>.</summary>
    private static JsonObject Route(string severity, string actionGroupId) => Resource("Microsoft.AlertsManagement/actionRules", "route", Fill("""
        {"properties": {"enabled": true, "conditions": [{"field": "Severity", "operator": "Equals", "values": ["@0@"]}],
         "actions": [{"actionType": "AddActionGroups", "actionGroupIds": ["@1@"]}]}}
        """, severity, actionGroupId));

    private static JsonObject MetricAlert(string? actionGroupId, long threshold = 0)
    {
        var alert = Resource("Microsoft.Insights/metricAlerts", "capacity", Fill("""
            {"properties": {"criteria": {"allOf": [{"metricName": "UsedCapacity", "threshold": @0@}]}, "actions": []}}
            """, threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (actionGroupId is not null)
        {
            alert["properties"]!["actions"]!.AsArray().Add(new JsonObject { ["actionGroupId"] = actionGroupId });
        }

        return alert;
    }

    private static JsonObject LogAlert(string frequency, string? actionGroupId) => Resource("Microsoft.Insights/scheduledQueryRules", "failures", Fill("""
        {"properties": {"evaluationFrequency": "@0@", "actions": {"actionGroups": [@1@]}}}
        """, frequency, actionGroupId is null ? "" : $"\"{actionGroupId}\""));

    private static JsonObject Workspace(double cap) => Resource("Microsoft.OperationalInsights/workspaces", "law",
        Fill("""{"properties": {"workspaceCapping": {"dailyQuotaGb": @0@}}}""", cap.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
