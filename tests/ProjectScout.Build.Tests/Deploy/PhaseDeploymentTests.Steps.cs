using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Toolkit.Deployment.Steps;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>Single deploy steps and planes over the sandbox: what each reads and writes on the phase state.</summary>
public partial class PhaseDeploymentTests
{
    private PhaseDeployState State(PhaseDeployer deployer, int phase) => new(deployer.Connection, DeployPhases.Get(phase));

    private static async Task RunAsync(PhaseDeployState state, params IDeployStep[] steps)
    {
        foreach (var step in steps.Where(s => s.ShouldRun(state)))
        {
            await step.RunAsync(state, CancellationToken.None);
        }
    }

    [Test]
    public async Task Load_inputs_and_plan_on_a_fresh_environment_read_nothing_but_the_group_and_find_no_outputs()
    {
        using var deployer = Deployer();
        var state = State(deployer, 1);
        await RunAsync(state, new LoadInputs(), new PlanChanges());

        Assert.That(state.Inputs.DeploymentName, Does.Match(@"^projectscout-sandbox-phase1-[0-9a-f]{12}$"));
        Assert.That(state.Group, Is.Null);
        Assert.That(state.Outputs, Is.Null, "nothing is deployed, so no outputs");
        Assert.That(state.PlaneChanges.Select(p => p.Plane), Is.EqualTo(new[] { DeployPhases.Arm, DeployPhases.Workspace }));
        Assert.That(state.Plan!.Changes, Is.EqualTo(state.PlaneChanges.SelectMany(p => p.Changes)));
        Assert.That(File.Exists(PlanChanges.PlanPath(state, ".json")), Is.True);
        Assert.That(_server.Requests.Entries.Select(e => e.Operation).Distinct(), Is.EqualTo(new[] { "arm/resourcegroups/get" }));
    }

    [Test]
    public async Task Planning_a_deployed_phase_reads_its_outputs_from_the_deployment_and_the_planes_use_them()
    {
        using var deployer = Deployer();
        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);

        var state = State(deployer, 1);
        await RunAsync(state, new LoadInputs(), new PlanChanges());
        Assert.That(state.Outputs!.Deployment, Is.EqualTo(state.Inputs.DeploymentName));
        Assert.That(state.Outputs.Text(DeploymentOutputs.DatabricksWorkspaceResourceId), Does.EndWith("/providers/Microsoft.Databricks/workspaces/" + _environment.Names.DatabricksWorkspace));
        Assert.That(state.Outputs.Text(DeploymentOutputs.KeyVaultResourceId), Does.EndWith("/providers/Microsoft.KeyVault/vaults/" + _environment.Names.KeyVault));
        var workspace = state.PlaneChanges.Single(p => p.Plane == DeployPhases.Workspace);
        Assert.That(workspace.Changes.Select(c => c.Kind).Distinct(), Is.EquivalentTo(new[] { "secret-scope", "storage-credential", "external-location", "catalog", "schema", "system-schema", "cluster-policy", "job", "notebook" }));
        Assert.That(workspace.HasChanges, Is.False, "the planes compared against the workspace the outputs name");
        Assert.That(state.IsUpToDate, Is.True);
    }

    [Test]
    public async Task The_arm_plane_sends_no_deployment_when_nothing_changed_and_this_deployment_exists()
    {
        using var deployer = Deployer();
        await deployer.DeployAsync(1);
        var state = State(deployer, 1);
        await RunAsync(state, new LoadInputs(), new PlanChanges());
        var before = SandboxHarness.LastSequence(_server);

        var arm = state.PlaneChanges.Single(p => p.Plane == DeployPhases.Arm);
        await DeployPhases.Arm.ApplyAsync(state, arm, CancellationToken.None);
        Assert.That(SandboxHarness.Writes(_server, before), Is.Empty);

        // Planned as if this deployment were not in the history: the plane deploys it (its outputs are what the others read).
        await DeployPhases.Arm.ApplyAsync(state, new ArmChanges(DeployPhases.Arm, arm.Changes, deploymentExists: false), CancellationToken.None);
        Assert.That(_server.Requests.Entries.Count(e => e.Sequence > before && e.Operation == "arm/deployments/put"), Is.EqualTo(1));
        Assert.That(state.Outputs!.Deployment, Is.EqualTo(state.Inputs.DeploymentName));
    }

    [Test]
    public async Task Verify_names_a_resource_whose_live_properties_differ_from_the_snapshot()
    {
        using var deployer = Deployer();
        await deployer.DeployAsync(1);
        var state = State(deployer, 1);
        await RunAsync(state, new LoadInputs(), new PlanChanges());
        Assert.DoesNotThrowAsync(() => VerifyDeployment.VerifyOrThrowAsync(state, justPlanned: true, hint: "", CancellationToken.None));

        // The snapshot now predicts another location than the live vault has: verify names the resource and the property.
        var vault = state.Inputs.Predicted.First(r => r.Type.Equals("Microsoft.KeyVault/vaults", StringComparison.OrdinalIgnoreCase));
        vault.Body["location"] = "westeurope";
        var error = Assert.ThrowsAsync<Model.Diagnostics.ToolkitException>(() => VerifyDeployment.VerifyOrThrowAsync(state, justPlanned: true, hint: "", CancellationToken.None));
        Assert.That(error!.Message, Does.Contain($"{vault.Id}: location is \"{_environment.Azure.Location}\", expected \"westeurope\""));
    }

    [Test]
    public async Task A_redeploy_after_the_workspace_moved_to_another_address_finds_it_and_writes_nothing()
    {
        using (var first = Deployer())
        {
            Assert.That((await first.DeployAsync(1)).Recorded, Is.True);
        }

        // The same state behind new ports: the workspace URL is read from the workspace, not from the old deployment.
        await _server.DisposeAsync();
        _server = await SandboxHarness.StartAsync(_state);
        using var again = Deployer();
        var outcome = await again.DeployAsync(1);
        Assert.That(outcome.Plan.HasChanges, Is.False);
        Assert.That(outcome.Recorded, Is.False, "up to date");
        Assert.That(SandboxHarness.Writes(_server), Is.Empty);
    }
}
