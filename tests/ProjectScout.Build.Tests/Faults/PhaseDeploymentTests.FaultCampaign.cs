using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// The fault campaign through whole phase runs (the real artifacts, the deploy pipeline, the sandbox over HTTPS): a lost
/// answer does not fail the run, hand-made security drift is planned, repaired and verified, and nothing is duplicated.
/// </summary>
public partial class PhaseDeploymentTests
{
    [Test]
    public async Task A_run_whose_deployment_PUT_and_runbook_publish_answers_are_lost_after_they_went_through_succeeds()
    {
        _server.Faults.Add(new FaultRule { Operation = "arm/deployments/put", Kind = FaultKind.InternalServerError, AfterOperation = true, Count = 2 });
        _server.Faults.Add(new FaultRule { Operation = "arm/runbooks/publish", Kind = FaultKind.InternalServerError, AfterOperation = true });
        using var deployer = Deployer();

        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True, "phase 1 recorded although its PUT's answer was a 500");
        Assert.That((await deployer.DeployAsync(2)).Recorded, Is.True, "phase 2 recorded although a publish answer was a 500");

        Assert.That(_server.Requests.Where("arm/deployments/put").Select(r => r.Status), Is.EqualTo(new[] { 500, 500 }), "one PUT per phase, never sent again");
        Assert.That(_server.Requests.Where("arm/runbooks/publish").Select(r => r.Status), Is.EquivalentTo(new[] { 500, 202 }), "each runbook published once");
        Assert.That(_server.Requests.Count(status: 409) + _server.Requests.Count(status: 400), Is.Zero);

        var before = SandboxHarness.LastSequence(_server);
        Assert.That((await deployer.DeployAsync(1)).Plan.HasChanges || (await deployer.DeployAsync(2)).Plan.HasChanges, Is.False, "converged");
        Assert.That(SandboxHarness.Writes(_server, before), Is.Empty);
    }

    [Test]
    public async Task Run_as_permission_and_tag_drift_show_up_in_the_phase_plan_and_are_repaired_without_duplicates()
    {
        using var deployer = Deployer();
        await deployer.DeployAsync(1);
        using var client = SandboxHarness.Client(_server);
        var bundle = WorkspaceBundle.Load(_artifacts, _environment.Databricks.NotebookRoot);
        var keys = bundle.Jobs.Select(j => j.Key).ToList();
        Assert.That(keys, Has.Count.GreaterThanOrEqualTo(3));
        var ids = (await SandboxHarness.ManagedJobsAsync(client)).ToDictionary(g => g.Key, g => g.Single());

        // By hand: one job runs as someone else, one grants users CAN_MANAGE, one lost its managed tags.
        var runAs = (await client.GetJobAsync(ids[keys[0]]))!["settings"]!.AsObject();
        runAs["run_as"] = new JsonObject { ["user_name"] = "intruder@contoso.com" };
        await client.ResetJobAsync(ids[keys[0]], runAs);
        await client.SetPermissionsAsync("jobs", ids[keys[1]].ToString(System.Globalization.CultureInfo.InvariantCulture),
            [new JsonObject { ["group_name"] = "users", ["permission_level"] = "CAN_MANAGE" }]);
        var untagged = (await client.GetJobAsync(ids[keys[2]]))!["settings"]!.AsObject();
        untagged["tags"]!.AsObject().Remove(WorkspaceBundle.ManagedByTag);
        untagged["tags"]!.AsObject().Remove(WorkspaceBundle.KeyTag);
        await client.ResetJobAsync(ids[keys[2]], untagged);

        using var preview = Deployer(whatIf: true);
        var planned = (await preview.DeployAsync(1)).Plan.Changes.Where(c => c.Action != ChangeAction.NoChange).ToList();
        Assert.That(planned.Select(c => (c.Kind, c.Name, c.Action, c.Drift)), Is.EquivalentTo(new[]
        {
            ("job", keys[0], ChangeAction.Update, DriftKinds.RunAs),
            ("job", keys[1], ChangeAction.Update, DriftKinds.Permissions),
            ("job", keys[2], ChangeAction.Update, DriftKinds.Untagged),
        }), "not 0 changes");
        Assert.That(File.ReadAllText(Path.Combine(_artifacts.Plan, "phase1.json")), Does.Contain("\"drift\": \"run_as\"").And.Contain("\"drift\": \"permissions\""));

        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);
        Assert.That((await deployer.DeployAsync(1)).Plan.HasChanges, Is.False, "repaired");
        Assert.That((await SandboxHarness.ManagedJobsAsync(client)).ToDictionary(g => g.Key, g => g.Single()), Is.EqualTo(ids), "the same jobs, none duplicated");
        Assert.That((await client.ListJobsAsync()).Count, Is.EqualTo(keys.Count));
        Assert.That(await deployer.VerifyRecordedAsync(), Is.EqualTo(new[] { 1 }));
    }
}
