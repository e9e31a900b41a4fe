using ProjectScout.Toolkit.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Build.Tests.Deploy;

public partial class PhaseDeploymentTests
{
    /// <summary>
    /// The workspace's phase on an empty sandbox creates every Unity Catalog object in dependency order (the sandbox
    /// validates the credential against the connector's data role in the ARM state); a redeploy plans nothing; an
    /// external location deleted out of band is planned and repaired; a workspace whose metastore was unassigned stops
    /// the deploy in one line, before any write.
    /// </summary>
    [Test]
    public async Task Unity_catalog_is_created_kept_repaired_after_drift_and_refused_without_a_metastore()
    {
        using var deployer = Deployer();
        var created = await deployer.DeployAsync(1);
        var (desired, onBackupAccount) = UnityCatalogDesired.Load(_artifacts).SplitByStorageAccount(_environment.Names.BackupStorageAccount);
        Assert.That(onBackupAccount.Catalogs.Select(c => c.Name), Is.EqualTo(new[] { _environment.Recovery.BackupCatalog }), "the backup catalog waits for phase 3's backup account");
        Assert.That(desired.ExternalLocations, Has.Count.GreaterThanOrEqualTo(4), "one location per layer container");
        string[] kinds = ["storage-credential", "external-location", "catalog", "schema", "system-schema"];
        Assert.That(kinds.Select(k => created.Plan.Changes.Count(c => c.Kind == k && c.Action == ChangeAction.Create)),
            Is.EqualTo(new[] { 1, desired.ExternalLocations.Count, 1, desired.Schemas.Count, desired.SystemSchemas.Count }));

        using var client = SandboxHarness.Client(_server);
        var assignment = (await client.GetCurrentMetastoreAssignmentAsync())!;
        var workspaceId = assignment["workspace_id"]!.ToString();
        var (catalogName, account) = (_environment.Databricks.Catalog, _environment.Names.StorageAccount);

        // The credential is on the connector phase 1 deployed (its output), the locations cover the layer containers.
        var deployment = await deployer.Arm.GetDeploymentAsync(new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup), created.Plan.DeploymentName);
        var connector = deployment!.Outputs[DeploymentOutputs.AccessConnectorResourceId]!.ToString();
        Assert.That(connector, Does.EndWith("/providers/Microsoft.Databricks/accessConnectors/" + _environment.Names.DatabricksWorkspace + "-access-connector"));
        var credential = (await client.GetStorageCredentialAsync(desired.StorageCredentials.Single().Name))!;
        Assert.That(credential["azure_managed_identity"]!["access_connector_id"]!.ToString(), Is.EqualTo(connector));
        foreach (var container in new[] { "bronze", "silver", "gold", "platinum" })
        {
            var location = (await client.GetExternalLocationAsync($"{catalogName}_{container}"))!;
            Assert.That((location["url"]!.ToString(), location["credential_name"]!.ToString(), location["enable_file_events"]!.GetValue<bool>()),
                Is.EqualTo(($"abfss://{container}@{account}.dfs.core.windows.net/", desired.StorageCredentials.Single().Name, false)));
            var schema = (await client.GetSchemaAsync($"{catalogName}.{container}"))!;
            Assert.That(schema["storage_root"]!.ToString(), Is.EqualTo($"abfss://{container}@{account}.dfs.core.windows.net/{catalogName}"), "the location the notebooks create tables under");
        }

        var catalog = (await client.GetCatalogAsync(catalogName))!;
        Assert.That((catalog["isolation_mode"]!.ToString(), catalog["storage_root"]!.ToString()), Is.EqualTo(("ISOLATED", $"abfss://gold@{account}.dfs.core.windows.net/catalogs/{catalogName}")));
        Assert.That((await client.GetBindingsAsync("catalog", catalogName)).Select(b => $"{b["workspace_id"]} {b["binding_type"]}"), Is.EqualTo(new[] { workspaceId + " BINDING_TYPE_READ_WRITE" }));
        var schemas = (await client.ListSchemasAsync(catalogName)).Select(s => s["name"]!.ToString()).ToList();
        Assert.That(schemas, Is.SupersetOf(new[] { "bronze", "silver", "gold", "platinum", "data_quality" }));
        var system = (await client.ListSystemSchemasAsync(assignment["metastore_id"]!.ToString())).ToDictionary(s => s["schema"]!.ToString(), s => s["state"]!.ToString());
        Assert.That((system["access"], system["billing"]), Is.EqualTo(("ENABLE_COMPLETED", "MANAGED")));

        // The next plan (the workspace plane's, as a redeploy makes it; Phases_deploy_in_order… redeploys the whole
        // phase and asserts it writes nothing): every Unity Catalog object unchanged.
        var workspace = new WorkspaceDesired(WorkspaceBundle.Load(_artifacts, _environment.Databricks.NotebookRoot), null)
        {
            Catalog = desired.WithAccessConnector(connector),
            WorkspaceId = workspaceId,
        };
        var reconciler = new WorkspaceReconciler(client);
        var again = await reconciler.PlanAsync(workspace);
        Assert.That(again.Changes().Where(c => kinds.Contains(c.Kind)).Select(c => c.Action).ToList(), Has.Count.EqualTo(desired.Count).And.All.EqualTo(ChangeAction.NoChange));

        // Out-of-band drift: a deleted external location is planned as a create and put back by the apply.
        var dropped = $"{catalogName}_silver";
        await client.DeleteSecurableAsync("external-locations", dropped, force: true);
        var drifted = await reconciler.PlanAsync(workspace);
        Assert.That(drifted.Changes().Where(c => c.Action != ChangeAction.NoChange).Select(c => (c.Kind, c.Name, c.Action)),
            Is.EqualTo(new[] { ("external-location", dropped, ChangeAction.Create) }));
        await reconciler.ApplyAsync(drifted);
        Assert.That((await client.GetExternalLocationAsync(dropped))!["url"]!.ToString(), Is.EqualTo($"abfss://silver@{account}.dfs.core.windows.net/"));
        Assert.That((await reconciler.PlanAsync(workspace)).Changes().Any(c => c.Action != ChangeAction.NoChange), Is.False, "repaired");

        // No metastore (an account admin unassigned it): one line naming the account-admin step, nothing written.
        await client.UnassignMetastoreAsync(workspaceId, assignment["metastore_id"]!.ToString());
        var before = SandboxHarness.LastSequence(_server);
        var refused = Assert.ThrowsAsync<ToolkitException>(() => deployer.DeployAsync(1));
        Assert.That(Assert.ThrowsAsync<ToolkitException>(() => reconciler.PlanAsync(workspace))!.Message, Is.EqualTo(refused!.Message));
        Assert.That(refused!.Message, Does.Contain("has no metastore assigned").And.Contain($"PUT /api/2.1/unity-catalog/workspaces/{workspaceId}/metastore").And.Not.Contain("\n"));
        Assert.That(SandboxHarness.Writes(_server, before), Is.Empty);
    }
}
