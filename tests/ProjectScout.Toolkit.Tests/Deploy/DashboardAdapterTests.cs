using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>The quality dashboard as a workspace kind, against the sandbox's Lakeview API over HTTPS.</summary>
public class DashboardAdapterTests() : SandboxClientFixture("deploy-dashboard")
{
    [Test]
    public async Task Dashboard_is_created_published_found_by_path_and_a_hand_edit_is_repaired()
    {
        var access = AccessAdapterTests.Declared(withDashboard: true);
        var desired = new WorkspaceDesired(SandboxHarness.Bundle(jobs: 0, notebooks: 0), null) { Access = access };
        var reconciler = new WorkspaceReconciler(Client, adapters: [new SqlWarehouseAdapter(), new DashboardAdapter()]);
        var spec = access.Dashboards.Single();
        var path = spec.PathUnder(desired.Bundle.NotebookRoot);

        var first = await reconciler.PlanAsync(desired);
        Assert.That(first.Changes().Single(c => c.Kind == "dashboard").Action, Is.EqualTo(ChangeAction.Create));
        await reconciler.ApplyAsync(first);

        var status = await Client.GetStatusAsync(path);
        Assert.That(status?["object_type"]?.ToString(), Is.EqualTo("DASHBOARD"));
        var id = status!["resource_id"]!.ToString();
        var warehouse = (await SqlWarehouseAdapter.FindAsync(Client, access.WarehouseName, default))!["id"]!.ToString();
        var live = (await Client.GetDashboardAsync(id))!;
        Assert.That(live["warehouse_id"]?.ToString(), Is.EqualTo(warehouse));
        Assert.That(JsonNormalizer.SameMeaning(JsonNode.Parse(live["serialized_dashboard"]!.ToString()), JsonNode.Parse(spec.SerializedDashboard)), Is.True);
        Assert.That(Server.Requests.Entries.Count(e => e.Operation == "lakeview/dashboards/publish"), Is.EqualTo(1));
        Assert.That(System.Text.Encoding.UTF8.GetString((await Client.ExportAsync(path))!), Is.EqualTo(live["serialized_dashboard"]!.ToString()), "exported as its content");

        Assert.That((await reconciler.PlanAsync(desired)).Changes().Select(c => c.Action), Is.All.EqualTo(ChangeAction.NoChange), "a second plan changes nothing");

        await Client.UpdateDashboardAsync(id, """{"datasets":[],"pages":[]}""", warehouse);
        var drifted = (await reconciler.PlanAsync(desired)).Changes().Single(c => c.Kind == "dashboard");
        Assert.That((drifted.Action, drifted.Id, drifted.Detail), Is.EqualTo((ChangeAction.Update, id, "serialized_dashboard")));
        await reconciler.ApplyAsync(await reconciler.PlanAsync(desired));
        Assert.That((await reconciler.PlanAsync(desired)).Changes().Select(c => c.Action), Is.All.EqualTo(ChangeAction.NoChange), "repaired in place");
        Assert.That(Server.Requests.Entries.Count(e => e.Operation == "lakeview/dashboards/create"), Is.EqualTo(1), "found by its path, never duplicated");
    }
}
