using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Build.Tests.Deploy;

public partial class PhaseDeploymentTests
{
    /// <summary>
    /// A green DeployAll means a runnable pipeline (issue #11, Done when): the last phase's verify runs the daily job to
    /// SUCCESS, and so does a run through the Jobs API, as the run-as service principal. Then links of the data path are
    /// broken out of band, each one earlier in a run's walk than the last, so each next run FAILS naming the newest
    /// cause: the vault grant of the AzureDatabricks application, the lake's data role, the external locations, and the
    /// run-as principal's USE CATALOG (#12). Verify names the drift and the failing task; one redeploy of phase 1
    /// repairs them all and the job runs again.
    /// </summary>
    [Test]
    public async Task After_DeployAll_the_daily_job_runs_and_a_data_role_removed_out_of_band_fails_it_until_a_redeploy()
    {
        var layout = new ToolkitLayout { Root = _root };
        var lakehouse = LakehouseLoader.Load(layout);
        var access = new AccessDesired(GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames), new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load(), _environment, lakehouse.UnityCatalog.CatalogSchemas);
        using var deployer = Deployer(adjust: o => o with { Access = access, SmokeRun = true, SmokeRunPollInterval = TimeSpan.FromMilliseconds(50) });
        for (var phase = 1; phase <= 3; phase++)
        {
            await deployer.DeployAsync(phase);
        }

        Assert.That(_log, Has.One.Matches<string>(l => l.StartsWith("Smoke run: the daily job '", StringComparison.Ordinal) && l.Contains(") run ") && l.Contains("ended SUCCESS")), "once per DeployAll, after the last phase");

        using var client = SandboxHarness.Client(_server);
        var daily = SmokeRun.DailyJob(WorkspaceBundle.Load(_artifacts, _environment), _environment.Databricks.Schedules.DailyMedallion, "sandbox");
        var jobId = (await client.ListJobsAsync(daily.Name)).Single()["job_id"]!.GetValue<long>();
        var runAs = _environment.Principals.RunAsApplicationId;
        Assert.That((await client.GetJobAsync(jobId))!["settings"]!["run_as"]!["service_principal_name"]!.ToString(), Is.EqualTo(runAs));
        async Task<JobRun> RunAsync() => await client.WaitForRunAsync(await client.RunNowAsync(jobId), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        var run = await RunAsync();
        Assert.That((run.ResultState, run.Tasks.Count), Is.EqualTo(("SUCCESS", daily.Settings["tasks"]!.AsArray().Count)), string.Join("\n", run.Tasks.Select(t => $"{t.TaskKey}: {t.ResultState} {t.Message}")));

        var outputs = await Phase1OutputsAsync(deployer);
        var account = ResourceId.Parse(outputs.Text("storageAccountResourceId")).Names[0];
        using var arm = _server.CreateClient(SandboxService.Arm);
        async Task DeleteRoleAsync(string role, string scope)
        {
            var assignment = _server.AzureResources.OfType("Microsoft.Authorization/roleAssignments")
                .Single(a => ((string?)a["properties"]!["roleDefinitionId"])!.EndsWith(role, StringComparison.OrdinalIgnoreCase) && ((string)a["id"]!).Contains(scope, StringComparison.OrdinalIgnoreCase));
            var deleted = await arm.DeleteAsync(((string)assignment["id"]!).TrimStart('/') + "?api-version=2022-04-01");
            Assert.That((int)deleted.StatusCode, Is.EqualTo(200).Or.EqualTo(204));
        }

        // (c) The vault's Key Vault Secrets User grant to the AzureDatabricks application: the scope cannot read a secret.
        await DeleteRoleAsync(AzureRoleDefinitions.KeyVaultSecretsUser, "/Microsoft.KeyVault/vaults/");
        var broken = await RunAsync();
        Assert.That((broken.ResultState, broken.FailedTask?.Code), Is.EqualTo(("FAILED", "RUN_EXECUTION_ERROR")));
        Assert.That(broken.FailedTask!.Message, Does.StartWith("INVALID_STATE: Databricks could not access keyvault"));
        Assert.That(broken.Tasks.Where(t => t.ResultState == "UPSTREAM_FAILED").Select(t => t.TaskKey), Is.Not.Empty, "what follows the failed task is skipped");

        // (a) The connector's Storage Blob Data Contributor on the lake.
        await DeleteRoleAsync(AzureRoleDefinitions.StorageBlobDataContributor, "/storageAccounts/" + account + "/");
        broken = await RunAsync();
        Assert.That((broken.ResultState, broken.Code, broken.FailedTask?.Code), Is.EqualTo(("FAILED", "RUN_EXECUTION_ERROR", "STORAGE_ACCESS_ERROR")));
        Assert.That(broken.FailedTask!.Message, Does.Contain("AuthorizationPermissionMismatch").And.Contain(account));

        // (b) The external locations.
        using var workspace = _server.CreateClient(SandboxService.Databricks);
        foreach (var location in await client.ListExternalLocationsAsync())
        {
            var deleted = await workspace.DeleteAsync($"api/2.1/unity-catalog/external-locations/{location["name"]}?force=true");
            Assert.That((int)deleted.StatusCode, Is.EqualTo(200), await deleted.Content.ReadAsStringAsync());
        }

        broken = await RunAsync();
        Assert.That(broken.FailedTask?.Code, Is.EqualTo("STORAGE_ACCESS_ERROR"));
        Assert.That(broken.FailedTask!.Message, Does.StartWith("PERMISSION_DENIED: No external location covers 'abfss://"));

        // (#12) The run-as principal's USE CATALOG; Verify names the drift and the task the run fails at, with the privilege.
        await client.UpdateGrantsAsync("catalog", access.Catalog, [(runAs, [], ["USE_CATALOG"])]);
        broken = await RunAsync();
        Assert.That((broken.FailedTask?.Code, broken.FailedTask?.Message), Is.EqualTo(("UNAUTHORIZED_ERROR", $"PERMISSION_DENIED: User does not have USE CATALOG on Catalog '{access.Catalog}'.")));
        var verify = Assert.ThrowsAsync<ToolkitException>(() => deployer.VerifyRecordedAsync())!.Message;
        Assert.That(verify, Does.Contain("Microsoft.Authorization/roleAssignments").And.Contain("external-location"), verify);
        Assert.That(verify, Does.Match($@"Smoke run: the daily job '.+' \(job {jobId}\) run \d+ ended FAILED: task {broken.FailedTask!.TaskKey} failed \(UNAUTHORIZED_ERROR\): PERMISSION_DENIED: User does not have USE CATALOG"), verify);

        // One redeploy of the phase that holds them restores the assignments, the locations and the grant.
        var repair = await deployer.DeployAsync(1);
        Assert.That(repair.Plan.Changes.Where(c => c.Action != ChangeAction.NoChange).Select(c => c.Kind).Distinct(),
            Is.SupersetOf(new[] { "Microsoft.Authorization/roleAssignments", "grant" }));
        var again = await RunAsync();
        Assert.That(again.ResultState, Is.EqualTo("SUCCESS"), again.FailedTask?.Message);
        Assert.That((await client.ListRunsAsync(jobId)).Select(r => r.RunId).Take(1), Is.EqualTo(new[] { again.RunId }), "runs/list is newest first");
    }

    private async Task<DeploymentOutputs> Phase1OutputsAsync(PhaseDeployer deployer)
    {
        var group = await deployer.Arm.GetResourceGroupAsync(new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup));
        var record = PhaseRecord.Read(group!.Tags, 1)!;
        return (await DeploymentOutputs.ReadAsync(deployer.Connection, record.Deployment, CancellationToken.None))!;
    }
}
