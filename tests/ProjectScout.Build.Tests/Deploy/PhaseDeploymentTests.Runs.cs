using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Databricks;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Build.Tests.Deploy;

public partial class PhaseDeploymentTests
{
    /// <summary>
    /// A green DeployAll means a runnable pipeline: the last phase's verify runs the daily job to SUCCESS; with Unity
    /// Catalog in place the job still succeeds through the Jobs API; the lake's data role removed out of band makes the
    /// next run FAIL naming the task and the storage cause (Verify too); a redeploy restores the role and the job runs.
    /// </summary>
    [Test]
    public async Task After_DeployAll_the_daily_job_runs_and_a_data_role_removed_out_of_band_fails_it_until_a_redeploy()
    {
        using var deployer = Deployer(adjust: o => o with { SmokeRun = true, SmokeRunPollInterval = TimeSpan.FromMilliseconds(50) });
        for (var phase = 1; phase <= 3; phase++)
        {
            await deployer.DeployAsync(phase);
        }

        Assert.That(_log, Has.One.Matches<string>(l => l.StartsWith("Smoke run: job ", StringComparison.Ordinal) && l.Contains("ended SUCCESS")), "once per DeployAll, after the last phase");

        // Unity Catalog as the uc slice will create it (seeded here until it lands): the metastore assigned, the
        // environment's catalog owned by the deployer, a credential on the deployed connector and a location per container.
        var outputs = await Phase1OutputsAsync(deployer);
        var connector = outputs.Text("accessConnectorResourceId");
        var account = ResourceId.Parse(outputs.Text("storageAccountResourceId")).Names[0];
        var containers = _server.AzureResources.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => ((string)c["name"]!).Split('/')[^1]).ToList();
        Assert.That(containers, Is.Not.Empty);
        _server.SeedUnityCatalog(uc =>
        {
            uc.AssignedWorkspaceId = "sandbox";
            uc.Catalogs[_environment.Databricks.Catalog] = new CatalogRecord { Name = _environment.Databricks.Catalog, Owner = _server.Options.DatabricksUserName };
            uc.StorageCredentials["lake"] = new StorageCredentialRecord { Name = "lake", AccessConnectorId = connector };
            foreach (var container in containers)
            {
                uc.ExternalLocations[container] = new ExternalLocationRecord { Name = container, Url = $"abfss://{container}@{account}.dfs.core.windows.net/", CredentialName = "lake" };
            }
        });

        using var client = SandboxHarness.Client(_server);
        var daily = SmokeRun.DailyJob(WorkspaceBundle.Load(_artifacts, _environment), _environment.Databricks.Schedules.DailyMedallion, "sandbox");
        var jobId = (await client.ListJobsAsync(daily.Name)).Single()["job_id"]!.GetValue<long>();
        var run = await client.WaitForRunAsync(await client.RunNowAsync(jobId), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.That((run.ResultState, run.Tasks.Count), Is.EqualTo(("SUCCESS", daily.Settings["tasks"]!.AsArray().Count)), string.Join("\n", run.Tasks.Select(t => $"{t.TaskKey}: {t.ResultState} {t.Message}")));

        // Out of band: the connector's Storage Blob Data Contributor assignment on the lake is deleted.
        var role = _server.AzureResources.OfType("Microsoft.Authorization/roleAssignments")
            .Single(a => ((string?)a["properties"]!["roleDefinitionId"])!.EndsWith(AzureRoleDefinitions.StorageBlobDataContributor, StringComparison.OrdinalIgnoreCase)
                && ((string)a["id"]!).Contains("/storageAccounts/" + account + "/", StringComparison.OrdinalIgnoreCase));
        using (var arm = _server.CreateClient(SandboxService.Arm))
        {
            var deleted = await arm.DeleteAsync(((string)role["id"]!).TrimStart('/') + "?api-version=2022-04-01");
            Assert.That((int)deleted.StatusCode, Is.EqualTo(200).Or.EqualTo(204));
        }

        var broken = await client.WaitForRunAsync(await client.RunNowAsync(jobId), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.That((broken.ResultState, broken.Code, broken.FailedTask?.Code), Is.EqualTo(("FAILED", "RUN_EXECUTION_ERROR", "STORAGE_ACCESS_ERROR")));
        Assert.That(broken.FailedTask!.Message, Does.Contain("AuthorizationPermissionMismatch").And.Contain(account));
        Assert.That(broken.Tasks.Where(t => t.ResultState == "UPSTREAM_FAILED").Select(t => t.TaskKey), Is.Not.Empty, "what follows the failed task is skipped");
        var verify = Assert.ThrowsAsync<ToolkitException>(() => deployer.VerifyRecordedAsync());
        Assert.That(verify!.Message, Does.Contain((string)role["id"]! + ": missing"), "Verify names the missing assignment before any run");

        // The next deploy's plan restores the assignment, and the job runs again.
        var repair = await deployer.DeployAsync(1);
        Assert.That(repair.Plan.Changes.Where(c => c.Action == ChangeAction.Create).Select(c => c.Kind), Does.Contain("Microsoft.Authorization/roleAssignments"));
        var again = await client.WaitForRunAsync(await client.RunNowAsync(jobId), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.That(again.ResultState, Is.EqualTo("SUCCESS"), again.FailedTask?.Message);
        Assert.That((await client.ListRunsAsync(jobId)).Select(r => r.RunId).Take(1), Is.EqualTo(new[] { again.RunId }), "runs/list is newest first");

        // What only a run notices (Unity Catalog is not in the Bicep snapshot): Verify's smoke run names the task and the cause.
        _server.SeedUnityCatalog(uc => uc.ExternalLocations.Clear());
        var smoke = Assert.ThrowsAsync<ToolkitException>(() => deployer.VerifyRecordedAsync());
        Assert.That(smoke!.Message, Does.Match(@"^Smoke run: the daily job '.+' \(job \d+\) run \d+ ended FAILED: task \w+ failed \(STORAGE_ACCESS_ERROR\): PERMISSION_DENIED: No external location covers 'abfss://"));
        Assert.That(smoke.Message, Does.Contain("skipped because of it:"));
    }

    private async Task<DeploymentOutputs> Phase1OutputsAsync(PhaseDeployer deployer)
    {
        var group = await deployer.Arm.GetResourceGroupAsync(new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup));
        var record = PhaseRecord.Read(group!.Tags, 1)!;
        return (await DeploymentOutputs.ReadAsync(deployer.Connection, record.Deployment, CancellationToken.None))!;
    }
}
