using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment.Steps;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Tests.Deploy;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Faults;

/// <summary>
/// Each kind of drift, made by hand over real HTTPS the way a user would, is shown in the plan (as data: the change's
/// drift kind), repaired by one apply, and converges: the next plan is empty and nothing is duplicated.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DriftTests
{
    private const string Intruder = "intruder@contoso.com";

    private string _root = "";
    private SandboxServer _server = null!;
    private DatabricksClient _client = null!;
    private WorkspaceReconciler _reconciler = null!;
    private readonly WorkspaceBundle _bundle = SandboxHarness.Bundle(jobs: 2, notebooks: 2, folders: 2);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Repository.NewScratchDirectory("fault-campaign-drift");
        _server = await FaultCampaign.StartAsync(_root);
        _client = SandboxHarness.Client(_server);
        _reconciler = new WorkspaceReconciler(_client);
        await ConvergeAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<IReadOnlyList<PlanChange>> PlannedAsync() =>
        (await _reconciler.PlanAsync(_bundle, null)).Changes().Where(c => c.Action != ChangeAction.NoChange).ToList();

    /// <summary>Applies, then asserts the next plan is empty and every key has exactly one job.</summary>
    private async Task ConvergeAsync(DeployOptions? approvals = null)
    {
        var plan = await _reconciler.PlanAsync(_bundle, null);
        ApproveDestructiveChanges.Approve(new PhasePlan { Environment = "sandbox", Phase = 1, DeploymentName = "d", Changes = plan.Changes() }, approvals ?? new DeployOptions());
        await _reconciler.ApplyAsync(plan);
        Assert.That(await PlannedAsync(), Is.Empty, "converged");
        var jobs = await _client.ListJobsAsync();
        Assert.That(jobs.Select(j => j["settings"]!["name"]!.ToString()), Is.EquivalentTo(_bundle.Jobs.Select(j => j.Name)), "one job per key, no duplicate");
    }

    private async Task<(long Id, JsonObject Settings)> JobAsync(string key)
    {
        var id = (await SandboxHarness.ManagedJobsAsync(_client))[key].Single();
        return (id, (await _client.GetJobAsync(id))!["settings"]!.AsObject());
    }

    [Test]
    public async Task A_job_set_to_run_as_another_principal_is_drift_and_runs_as_its_owner_again()
    {
        var (id, settings) = await JobAsync("job-000");
        settings["run_as"] = new JsonObject { ["user_name"] = Intruder };
        await _client.ResetJobAsync(id, settings);
        Assert.That((await _client.GetJobAsync(id))!["run_as_user_name"]!.ToString(), Is.EqualTo(Intruder));

        var change = (await PlannedAsync()).Single();
        Assert.That((change.Kind, change.Name, change.Action, change.Drift), Is.EqualTo(("job", "job-000", ChangeAction.Update, DriftKinds.RunAs)));
        Assert.That(change.Detail, Does.Contain($"run_as: {Intruder} → "));

        await ConvergeAsync();
        var job = (await _client.GetJobAsync(id))!;
        Assert.That(job["run_as_user_name"]!.ToString(), Is.EqualTo(job["creator_user_name"]!.ToString()));
    }

    [Test]
    public async Task A_grant_of_users_CAN_MANAGE_on_a_job_is_drift_and_is_removed()
    {
        var (id, _) = await JobAsync("job-001");
        var jobId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _client.SetPermissionsAsync("jobs", jobId, [new JsonObject { ["group_name"] = "users", ["permission_level"] = "CAN_MANAGE" }]);

        var change = (await PlannedAsync()).Single();
        Assert.That((change.Name, change.Action, change.Drift), Is.EqualTo(("job-001", ChangeAction.Update, DriftKinds.Permissions)));
        Assert.That(change.Detail, Does.Contain("group users: CAN_MANAGE not declared"));

        var writes = SandboxHarness.LastSequence(_server);
        await ConvergeAsync();
        Assert.That(SandboxHarness.Writes(_server, writes), Is.EqualTo(new[] { $"PUT /api/2.0/permissions/jobs/{jobId}" }), "only the grants are written");
        var acl = (await _client.GetPermissionsAsync("jobs", jobId))!["access_control_list"]!.AsArray();
        Assert.That(acl.Select(e => e!["group_name"]?.ToString()), Does.Not.Contain("users"));
    }

    [Test]
    public async Task A_tag_changed_by_hand_is_repaired_in_place()
    {
        var (id, settings) = await JobAsync("job-000");
        settings["tags"]!["layer"] = "gold";
        settings["tags"]!["owner"] = "someone";
        await _client.ResetJobAsync(id, settings);

        var change = (await PlannedAsync()).Single();
        Assert.That((change.Name, change.Action, change.Detail), Is.EqualTo(("job-000", ChangeAction.Update, "tags")));
        await ConvergeAsync();
        Assert.That((await JobAsync("job-000")).Id, Is.EqualTo(id));
    }

    [Test]
    public async Task A_job_whose_managed_tags_were_removed_is_found_by_name_and_adopted_not_duplicated()
    {
        var (id, settings) = await JobAsync("job-001");
        settings["tags"]!.AsObject().Remove(WorkspaceBundle.ManagedByTag);
        settings["tags"]!.AsObject().Remove(WorkspaceBundle.KeyTag);
        await _client.ResetJobAsync(id, settings);
        Assert.That((await SandboxHarness.ManagedJobsAsync(_client)).Contains("job-001"), Is.False);

        var change = (await PlannedAsync()).Single();
        Assert.That((change.Name, change.Action, change.Drift), Is.EqualTo(("job-001", ChangeAction.Update, DriftKinds.Untagged)));
        Assert.That(change.Detail, Does.StartWith($"adopted job {id}, found by name"));

        var creates = _server.Requests.Count("jobs/create");
        await ConvergeAsync();
        Assert.That(_server.Requests.Count("jobs/create"), Is.EqualTo(creates), "adopted, never created again");
        Assert.That((await JobAsync("job-001")).Id, Is.EqualTo(id), "re-tagged in place");
    }

    [Test]
    public async Task A_notebook_a_user_put_under_the_root_is_shown_and_deleted_only_with_allow_delete()
    {
        var path = SandboxHarness.Root + "/scratch/my_analysis";
        await _client.MkdirsAsync(SandboxHarness.Root + "/scratch");
        await _client.ImportAsync(path, Encoding.UTF8.GetBytes("# Databricks notebook source\nprint('mine')\n"), "PYTHON", overwrite: false);

        var change = (await PlannedAsync()).Single();
        Assert.That((change.Kind, change.Name, change.Action, change.Drift), Is.EqualTo(("notebook", path, ChangeAction.Delete, DriftKinds.Unowned)));
        var refused = Assert.ThrowsAsync<ToolkitException>(() => ConvergeAsync());
        Assert.That(refused!.Message, Does.Contain($"deletes 1 workspace object(s) the project does not own ({path})").And.Contain("--allow-delete=true"));
        Assert.That(await _client.GetStatusAsync(path), Is.Not.Null, "nothing deleted without the switch");

        await ConvergeAsync(new DeployOptions { AllowDelete = true });
        Assert.That(await _client.GetStatusAsync(path), Is.Null);

        // A notebook the project rendered (its header says so) that the bundle no longer has is deleted without a switch.
        var header = File.ReadAllText(Path.Combine(Repository.Root, "notebooks", "_shared", "header.py.scriban"));
        Assert.That(header, Does.Contain(WorkspaceBundle.RenderedMarker), "every rendered notebook carries the marker");
        var old = SandboxHarness.Root + "/scratch/retired_quality";
        await _client.ImportAsync(old, Encoding.UTF8.GetBytes($"# Databricks notebook source\n# MAGIC {WorkspaceBundle.RenderedMarker} for environment **sandbox**\n"), "PYTHON", overwrite: false);
        var retired = (await PlannedAsync()).Single();
        Assert.That((retired.Name, retired.Action, retired.Drift), Is.EqualTo((old, ChangeAction.Delete, "")));
        await ConvergeAsync();
    }

    [Test]
    public async Task Verify_reports_tag_and_array_drift_on_an_ARM_resource()
    {
        var arm = FaultCampaign.Arm(_server);
        var scope = await FaultCampaign.GroupAsync(arm, SandboxTestingNames.Unique("rg-drift"));
        await arm.DeployAsync(scope, "declared", FaultCampaign.Template(), FaultCampaign.Parameters("stdrift"));
        var declared = new JsonObject
        {
            ["location"] = FaultCampaign.Location,
            ["tags"] = new JsonObject { ["environment"] = "faults" },
            ["sku"] = new JsonObject { ["name"] = "Standard_LRS" },
            ["kind"] = "StorageV2",
            ["properties"] = FaultCampaign.Template()["resources"]![0]!["properties"]!.DeepClone(),
        };
        // Reversed IP rules: the same set.
        declared["properties"]!["networkAcls"]!["ipRules"] = new JsonArray(declared["properties"]!["networkAcls"]!["ipRules"]!.AsArray().Reverse().Select(r => r!.DeepClone()).ToArray());
        var predicted = new[] { new PredictedResource(FaultCampaign.StorageId(scope, "stdrift"), "Microsoft.Storage/storageAccounts", "stdrift", "2023-05-01", declared) };
        Assert.That(await SnapshotVerifier.VerifyAsync(arm, predicted, CancellationToken.None), Is.Empty, "deployed as declared; rule order carries no meaning");

        // Changed outside the project: another deployment retags the account and drops an IP rule.
        var template = FaultCampaign.Template();
        template["resources"]![0]!["properties"]!["networkAcls"]!["ipRules"]!.AsArray().RemoveAt(1);
        await arm.DeployAsync(scope, "by-hand", template, FaultCampaign.Parameters("stdrift", environment: "prod"));

        Assert.That(await SnapshotVerifier.VerifyAsync(arm, predicted, CancellationToken.None), Is.EqualTo(new[]
        {
            $"{predicted[0].Id}: properties.networkAcls.ipRules[0] is absent, expected {{\"value\":\"10.1.0.0/24\",\"action\":\"Allow\"}}",
            $"{predicted[0].Id}: tags.environment is \"prod\", expected \"faults\"",
        }));
    }
}
