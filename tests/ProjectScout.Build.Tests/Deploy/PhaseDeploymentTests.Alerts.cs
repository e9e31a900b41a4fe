using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// Severity tiers and the rotation worker after a deploy (docs/infrastructure.md, D11 and D13), asserted on the
/// deploy <see cref="Phases_deploy_in_order_a_redeploy_writes_nothing_and_drift_is_repaired"/> already makes: no deploy of its own.
/// </summary>
public partial class PhaseDeploymentTests
{
    /// <summary>Two or more tier action groups and their processing rules exist live; the schedules run on the live worker group.</summary>
    private async Task AssertTiersAndRotationWorkerAsync(PhaseDeployer deployer)
    {
        var phase2 = PhaseInputs.Load(_artifacts, "sandbox", 2, p => p).Predicted;
        var groups = phase2.Where(r => r.Type == "Microsoft.Insights/actionGroups").ToList();
        var rules = phase2.Where(r => r.Type == "Microsoft.AlertsManagement/actionRules").ToList();
        Assert.That(groups, Has.Count.GreaterThanOrEqualTo(2), "one action group per tier");
        Assert.That(rules, Has.Count.GreaterThanOrEqualTo(groups.Count), "a routing rule per tier");
        foreach (var resource in groups.Concat(rules))
        {
            Assert.That(await deployer.Arm.GetResourceAsync(resource.Id, resource.ApiVersion), Is.Not.Null, resource.Id);
        }

        var schedules = PhaseInputs.Load(_artifacts, "sandbox", 3, p => p).Predicted.Where(r => r.Type.EndsWith("/jobSchedules", StringComparison.Ordinal)).ToList();
        Assert.That(schedules, Is.Not.Empty);
        foreach (var schedule in schedules)
        {
            var live = await deployer.Arm.GetResourceAsync(schedule.Id, schedule.ApiVersion);
            var runOn = live!["properties"]!["runOn"]!.ToString();
            var group = phase2.Single(r => r.Type.EndsWith("/hybridRunbookWorkerGroups", StringComparison.Ordinal));
            Assert.That(group.Name, Does.EndWith("/" + runOn), "the schedule runs on the deployed worker group");
            Assert.That(await deployer.Arm.GetResourceAsync(group.Id, group.ApiVersion), Is.Not.Null);
        }
    }
}
