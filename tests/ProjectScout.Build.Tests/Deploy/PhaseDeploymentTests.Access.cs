using System.Globalization;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Build.Tests.Deploy;

public partial class PhaseDeploymentTests
{
    /// <summary>
    /// The declared access on an empty sandbox, through the whole workspace phase: the gold schema grants SELECT to the
    /// analysts, who hold nothing on bronze; every classified column is masked; every job carries its group ACLs and runs
    /// as the service principal; a redeploy plans nothing; a grant revoked by hand is drift in the next plan and restored.
    /// </summary>
    [Test]
    public async Task Access_is_deployed_with_the_workspace_kept_and_a_grant_removed_by_hand_restored()
    {
        var layout = new ToolkitLayout { Root = _root };
        var lakehouse = LakehouseLoader.Load(layout);
        var layers = lakehouse.LayerNames;
        var access = new AccessDesired(GovernanceLoader.Load(layout.Governance, layers), new ContractLoader(layout.Contracts, layers).Load(), _environment, lakehouse.UnityCatalog.CatalogSchemas);
        using var deployer = Deployer(adjust: o => o with { Access = access });
        var created = await deployer.DeployAsync(1);
        Assert.That(created.Plan.Changes.Where(c => c.Action == ChangeAction.Create).Select(c => c.Kind).Distinct(),
            Is.SupersetOf(new[] { "sql-warehouse", "grant", "table", "permissions", "job" }));

        using var client = SandboxHarness.Client(_server);
        var (catalog, principals) = (access.Catalog, _environment.Principals);
        var analysts = principals.Groups["analysts"];
        Assert.That((await client.GetGrantsAsync("schema", catalog + ".gold"))![analysts], Is.SupersetOf(new[] { "SELECT" }));
        Assert.That((await client.GetGrantsAsync("schema", catalog + ".bronze"))!.ContainsKey(analysts), Is.False, "analysts hold nothing on bronze");

        foreach (var table in access.Contracts.Tables)
        {
            var columns = (await client.GetTableAsync(access.TableName(table.Name)))!["columns"]!.AsArray();
            foreach (var column in table.Columns.Where(c => c.Classification is not null))
            {
                Assert.That(columns.Single(c => c!["name"]!.ToString() == column.Name)!["mask"]?["function_name"]?.ToString(), Does.StartWith(catalog + ".governance.mask_" + column.Classification),
                    $"{table.Name}.{column.Name}");
            }
        }

        var jobs = await SandboxHarness.ManagedJobsAsync(client);
        Assert.That(jobs.Count, Is.GreaterThan(0));
        foreach (var id in jobs.SelectMany(j => j))
        {
            var job = (await client.GetJobAsync(id))!;
            Assert.That(job["settings"]!["run_as"]!["service_principal_name"]!.ToString(), Is.EqualTo(principals.RunAsApplicationId));
            var acl = (await client.GetPermissionsAsync("jobs", id.ToString(CultureInfo.InvariantCulture)))!["access_control_list"]!.AsArray();
            var groups = acl.Where(e => e!["group_name"] is not null && e["group_name"]!.ToString() != "admins")
                .ToDictionary(e => e!["group_name"]!.ToString(), e => e!["all_permissions"]![0]!["permission_level"]!.ToString());
            Assert.That(groups, Is.EqualTo(new Dictionary<string, string>
            {
                [analysts] = "CAN_VIEW", [principals.Groups["engineers"]] = "CAN_VIEW", [principals.Groups["operators"]] = "CAN_MANAGE_RUN",
            }));
        }

        var before = SandboxHarness.LastSequence(_server);
        var again = await deployer.DeployAsync(1);
        Assert.That(again.Plan.Changes.Where(c => c.Action != ChangeAction.NoChange).Select(c => $"{c.Kind} {c.Name}: {c.Detail}"), Is.Empty);

        // Issue #15: a no-change redeploy reads each job once for its ACL (run_as is a setting, compared from the list).
        var requests = _server.Requests.Entries.Where(e => e.Sequence > before).ToList();
        var jobCount = jobs.Sum(j => j.Count());
        Assert.That(requests.Count(e => e.Operation == "jobs/get"), Is.Zero, "no jobs/get per job");
        Assert.That(requests.Count(e => e.Operation == "permissions/get" && e.Path.Contains("/permissions/jobs/", StringComparison.Ordinal)), Is.EqualTo(jobCount),
            "one permissions read per job: the up-to-date deploy plans once and verifies from that plan");

        // The manifest is lost: the up-to-date deploy compares every notebook and, applying nothing, records what it
        // verified, so the deploy after it exports nothing again.
        var manifest = ProjectScout.Toolkit.Databricks.Adapters.WorkspaceManifest.PathUnder(_environment.Databricks.NotebookRoot);
        await client.DeleteAsync(manifest, recursive: false);
        Assert.That((await deployer.DeployAsync(1)).Plan.Changes.Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
        Assert.That(ProjectScout.Toolkit.Databricks.Adapters.WorkspaceManifest.Parse(await client.ExportAsync(manifest, format: "RAW"))?.Notebooks, Is.Not.Empty,
            "an up-to-date phase rewrites the lost manifest");
        before = SandboxHarness.LastSequence(_server);
        await deployer.DeployAsync(1);
        Assert.That(_server.Requests.Entries.Count(e => e.Sequence > before && e.Operation == "workspace/export"), Is.EqualTo(1), "only the manifest is exported");

        await client.UpdateGrantsAsync("schema", catalog + ".gold", [(analysts, [], ["SELECT"])]);
        var repaired = await deployer.DeployAsync(1);
        Assert.That(repaired.Plan.Changes.Where(c => c.Action != ChangeAction.NoChange).Select(c => (c.Kind, c.Name, c.Drift)),
            Is.EqualTo(new[] { ("grant", $"schema {catalog}.gold", DriftKinds.Grants) }));
        Assert.That((await client.GetGrantsAsync("schema", catalog + ".gold"))![analysts], Does.Contain("SELECT"));

        await JobGrantsAreReadInTurnAsync(new AccessDesired(access.Governance with { JobPermissionReadsPerDeploy = 1 }, access.Contracts, _environment, lakehouse.UnityCatalog.CatalogSchemas), client);
    }
}
