using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>
/// The catalog, schema and system-schema adapters against the sandbox over HTTPS (no ARM state: the credential and
/// locations, which the service validates against the connector's role, are covered by the whole-deploy test).
/// </summary>
public class UnityCatalogAdapterTests() : SandboxClientFixture("deploy-unity-catalog")
{
    private const string Account = "tbwajuicertest";

    /// <summary>A catalog with a layer schema at its managed location, a schema under the catalog root, and two system schemas.</summary>
    public static UnityCatalogDesired Desired(string catalog, string rootPath = "catalogs", bool withStorage = false)
    {
        var builder = new UnityCatalogBuilder();
        if (withStorage)
        {
            builder.Credential(catalog + "_lake", UnityCatalogDesired.AccessConnectorOutput, "lake")
                .Location(catalog + "_gold", $"abfss://gold@{Account}.dfs.core.windows.net/", catalog + "_lake", "gold");
        }

        return builder.Catalog(catalog, $"abfss://gold@{Account}.dfs.core.windows.net/{rootPath}/{catalog}", "test catalog")
            .Schema(catalog, "bronze", $"abfss://bronze@{Account}.dfs.core.windows.net/{catalog}", "raw")
            .Schema(catalog, "data_quality", null, "results")
            .SystemSchema("billing")
            .SystemSchema("access")
            .Build();
    }

    private static WorkspaceDesired Workspace(UnityCatalogDesired catalog) =>
        new(new Workspace.WorkspaceBundle { NotebookRoot = SandboxHarness.Root, Notebooks = [], Jobs = [], Policies = [] }, null) { Catalog = catalog, WorkspaceId = DatabricksStoreIds.Standalone };

    /// <summary>The Unity Catalog kinds of the default adapters, in their order.</summary>
    private static readonly IReadOnlyList<IWorkspaceAdapter> UnityCatalogKinds =
        WorkspaceReconciler.DefaultAdapters.Where(a => a.GetType().Namespace == typeof(CatalogAdapter).Namespace).ToList();

    private WorkspaceReconciler Reconciler() => new(Client, adapters: UnityCatalogKinds);

    private static IReadOnlyList<(string Kind, string Name, ChangeAction Action)> Changed(WorkspacePlan plan) =>
        plan.Changes().Where(c => c.Action != ChangeAction.NoChange).Select(c => (c.Kind, c.Name, c.Action)).ToList();

    [Test]
    public async Task Catalog_is_created_isolated_and_bound_its_schemas_placed_and_a_second_plan_is_empty()
    {
        var desired = Workspace(Desired("lake_one"));
        var reconciler = Reconciler();
        var first = await reconciler.PlanAsync(desired);
        Assert.That(Changed(first), Is.EqualTo(new[]
        {
            ("catalog", "lake_one", ChangeAction.Create),
            ("schema", "lake_one.bronze", ChangeAction.Create),
            ("schema", "lake_one.data_quality", ChangeAction.Create),
            ("system-schema", "system.access", ChangeAction.Create),
        }), "billing is enabled by Databricks (MANAGED): nothing to do");
        await reconciler.ApplyAsync(first);

        var catalog = (await Client.GetCatalogAsync("lake_one"))!;
        Assert.That((catalog["isolation_mode"]!.ToString(), catalog["owner"]!.ToString()), Is.EqualTo(("ISOLATED", new SandboxOptions().DatabricksUserName)));
        Assert.That((await Client.GetBindingsAsync("catalog", "lake_one")).Select(b => b["workspace_id"]!.ToString()), Is.EqualTo(new[] { DatabricksStoreIds.Standalone }));
        Assert.That((await Client.GetSchemaAsync("lake_one.bronze"))!["storage_root"]!.ToString(), Is.EqualTo($"abfss://bronze@{Account}.dfs.core.windows.net/lake_one"));
        Assert.That(Changed(await reconciler.PlanAsync(desired)), Is.Empty);

        // Drift made by hand: opened up and re-commented; planned as an update with old → new, and repaired.
        await Client.UpdateSecurableAsync("catalogs", "lake_one", new JsonObject { ["isolation_mode"] = "OPEN", ["comment"] = "by hand" });
        var drifted = await reconciler.PlanAsync(desired);
        var update = drifted.Changes().Single(c => c.Action != ChangeAction.NoChange);
        Assert.That((update.Kind, update.Action, update.Detail), Is.EqualTo(("catalog", ChangeAction.Update, "comment, isolation_mode")));
        Assert.That(update.Attributes.Select(a => $"{a.Path}: {a.Old} → {a.New}"), Is.EqualTo(new[] { "comment: \"by hand\" → \"test catalog\"", "isolation_mode: \"OPEN\" → \"ISOLATED\"" }));
        await reconciler.ApplyAsync(drifted);
        Assert.That(Changed(await reconciler.PlanAsync(desired)), Is.Empty);
    }

    [Test]
    public async Task A_create_that_meets_an_object_made_meanwhile_adopts_it_and_never_duplicates()
    {
        var desired = Workspace(Desired("lake_two"));
        var reconciler = Reconciler();
        var plan = await reconciler.PlanAsync(desired);

        // Another run (or a retried POST) created the catalog between plan and apply, open and unbound.
        await Client.CreateSecurableAsync("catalogs", new JsonObject { ["name"] = "lake_two", ["storage_root"] = $"abfss://gold@{Account}.dfs.core.windows.net/catalogs/lake_two", ["comment"] = "test catalog" });
        await reconciler.ApplyAsync(plan);

        Assert.That((await Client.ListCatalogsAsync()).Count(c => c["name"]!.ToString() == "lake_two"), Is.EqualTo(1));
        Assert.That((await Client.GetCatalogAsync("lake_two"))!["isolation_mode"]!.ToString(), Is.EqualTo("ISOLATED"), "409 CATALOG_ALREADY_EXISTS → read → PATCH what differs");
        Assert.That(Changed(await reconciler.PlanAsync(desired)), Is.Empty);
    }

    [Test]
    public async Task A_changed_storage_root_is_a_replace_that_needs_the_delete_approval()
    {
        var reconciler = Reconciler();
        await reconciler.ApplyAsync(await reconciler.PlanAsync(Workspace(Desired("lake_three"))));

        var moved = await reconciler.PlanAsync(Workspace(Desired("lake_three", rootPath: "moved")));
        Assert.That(Changed(moved), Is.EqualTo(new[]
        {
            ("catalog", "lake_three", ChangeAction.Delete), ("catalog", "lake_three", ChangeAction.Create),
            ("schema", "lake_three.bronze", ChangeAction.Create), ("schema", "lake_three.data_quality", ChangeAction.Create),
        }), "the catalog's delete drops its schemas: they are planned again");
        Assert.That(moved.Changes().Where(c => c.Kind == "schema").Select(c => c.Detail), Has.All.EndWith("(its catalog is replaced)"));
        Assert.That(moved.Changes().First(c => c.Action == ChangeAction.Delete).Detail, Does.Contain("storage_root").And.Contain("fixed at creation"));
        var phasePlan = new PhasePlan { Environment = "test", Phase = 1, DeploymentName = "d", Changes = moved.Changes() };
        Assert.That(DestructiveChangeApprovals.Unapproved(phasePlan, new DeployOptions()).Select(u => u.Rule.Approval), Is.EqualTo(new[] { Approval.AllowDelete }));
        Assert.That(DestructiveChangeApprovals.Unapproved(phasePlan, new DeployOptions { AllowDelete = true }), Is.Empty);

        await reconciler.ApplyAsync(moved);
        Assert.That((await Client.GetCatalogAsync("lake_three"))!["storage_root"]!.ToString(), Does.EndWith("/moved/lake_three"));
        Assert.That(Changed(await reconciler.PlanAsync(Workspace(Desired("lake_three", rootPath: "moved")))), Is.Empty);
    }

    [Test]
    public async Task Without_a_metastore_the_plan_stops_in_one_line_and_a_new_workspace_is_planned_without_a_call()
    {
        var assignment = (await Client.GetCurrentMetastoreAssignmentAsync())!;
        await Client.UnassignMetastoreAsync(assignment["workspace_id"]!.ToString(), assignment["metastore_id"]!.ToString());
        Assert.That(await Client.GetCurrentMetastoreAssignmentAsync(), Is.Null, "404 METASTORE_DOES_NOT_EXIST is no assignment, not an error");

        var desired = Workspace(Desired("lake_four"));
        var refused = Assert.ThrowsAsync<ToolkitException>(() => Reconciler().PlanAsync(desired));
        Assert.That(refused!.Message, Does.StartWith($"Unity Catalog: workspace {DatabricksStoreIds.Standalone} ").And.Contain("account admin")
            .And.Contain($"PUT /api/2.1/unity-catalog/workspaces/{DatabricksStoreIds.Standalone}/metastore").And.Not.Contain("\n"));

        var requests = Server.Requests.Count();
        var fresh = WorkspaceReconciler.PlanForNewWorkspace(desired, UnityCatalogKinds);
        Assert.That(fresh.Changes().Select(c => c.Action).ToList(), Has.Count.EqualTo(desired.Catalog.Count).And.All.EqualTo(ChangeAction.Create));
        Assert.That(Server.Requests.Count(), Is.EqualTo(requests));

        await Client.AssignMetastoreAsync(DatabricksStoreIds.Standalone, assignment["metastore_id"]!.ToString());
        Assert.That(Changed(await Reconciler().PlanAsync(desired)), Has.Count.EqualTo(desired.Catalog.Count - 1), "assigned again: planned (billing is MANAGED)");
    }
}

/// <summary>The workspace id a sandbox without a deployed workspace answers with.</summary>
internal static class DatabricksStoreIds
{
    public const string Standalone = "1000000000000001";
}
