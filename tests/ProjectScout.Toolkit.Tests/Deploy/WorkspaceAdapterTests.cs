using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>Each workspace adapter on its own against the sandbox's Databricks API over real HTTPS.</summary>
public class WorkspaceAdapterTests() : SandboxClientFixture("deploy-adapters")
{
    private static readonly SecretScopeSpec Scope = new("juicer-kv", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", "https://kv.vault.azure.net/");

    private WorkspaceReconciler Only(IWorkspaceAdapter adapter) => new(Client, adapters: [adapter]);

    private static IReadOnlyList<(string Kind, string Name, ChangeAction Action)> Changed(WorkspacePlan plan) =>
        plan.Changes().Where(c => c.Action != ChangeAction.NoChange).Select(c => (c.Kind, c.Name, c.Action)).ToList();

    [Test]
    public async Task Secret_scope_is_created_once_then_found_by_name()
    {
        var reconciler = Only(new SecretScopeAdapter());
        var bundle = SandboxHarness.Bundle(jobs: 0, notebooks: 0);
        Assert.That((await reconciler.PlanAsync(bundle, null)).Changes(), Is.Empty, "no scope declared, nothing planned");

        var first = await reconciler.PlanAsync(bundle, Scope);
        Assert.That(Changed(first), Is.EqualTo(new[] { ("secret-scope", "juicer-kv", ChangeAction.Create) }));
        await reconciler.ApplyAsync(first);
        Assert.That((await Client.ListScopesAsync()).Select(s => s["name"]!.ToString()), Is.EqualTo(new[] { "juicer-kv" }));

        var before = SandboxHarness.LastSequence(Server);
        Assert.That((await reconciler.PlanAsync(bundle, Scope)).Changes().Single().Action, Is.EqualTo(ChangeAction.NoChange));
        await reconciler.ApplyAsync(first); // a repeated create of a scope that exists is not a failure
        Assert.That(Server.Requests.Entries.Count(e => e.Sequence > before && e.Operation == "secrets/scopes/create"), Is.EqualTo(1));
    }

    [Test]
    public async Task Cluster_policy_drift_in_the_definition_is_an_update_and_its_id_is_kept()
    {
        var reconciler = Only(new ClusterPolicyAdapter());
        var bundle = SandboxHarness.Bundle(jobs: 0, notebooks: 0);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));
        var bronze = (await Client.ListPoliciesAsync()).Single(p => p["name"]!.ToString() == "juicer-bronze");
        var id = bronze["policy_id"]!.ToString();
        await Client.EditPolicyAsync(id, "juicer-bronze", """{"spark_version":{"type":"fixed","value":"13.3.x-scala2.12"}}""", bronze["description"]!.ToString());

        var plan = await reconciler.PlanAsync(bundle, null);
        Assert.That(Changed(plan), Is.EqualTo(new[] { ("cluster-policy", "juicer-bronze", ChangeAction.Update) }));
        Assert.That(plan.Of<ClusterPolicyPlan>().Steps.Single(s => s.Action == ChangeAction.Update).Detail, Is.EqualTo("definition"));
        await reconciler.ApplyAsync(plan);
        Assert.That(Changed(await reconciler.PlanAsync(bundle, null)), Is.Empty);
        Assert.That((await Client.ListPoliciesAsync()).Single(p => p["name"]!.ToString() == "juicer-bronze")["policy_id"]!.ToString(), Is.EqualTo(id));
    }

    [Test]
    public void A_job_whose_policy_placeholder_resolves_to_no_policy_fails_by_name_and_creates_nothing_wrong()
    {
        // Without the cluster-policy kind nothing fills in the policy ids: every job names an unresolved placeholder.
        var reconciler = Only(new JobAdapter());
        var bundle = SandboxHarness.Bundle(jobs: 2, notebooks: 0);
        var error = Assert.ThrowsAsync<ToolkitException>(async () => await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null)));
        Assert.That(error!.Message, Does.Contain("job job-000: policy:bronze names no cluster policy in the bundle")
            .And.Contain("job job-001: policy:silver names no cluster policy in the bundle"));
    }

    [Test]
    public async Task Jobs_resolve_placeholders_through_the_policies_applied_before_them()
    {
        var reconciler = new WorkspaceReconciler(Client, adapters: [new ClusterPolicyAdapter(), new JobAdapter()]);
        var bundle = SandboxHarness.Bundle(jobs: 2, notebooks: 0);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));
        var policies = (await Client.ListPoliciesAsync()).ToDictionary(p => p["name"]!.ToString(), p => p["policy_id"]!.ToString());
        var jobs = await Client.ListJobsAsync(expandTasks: true);
        Assert.That(jobs.Select(j => j["settings"]!["job_clusters"]![0]!["new_cluster"]!["policy_id"]!.ToString()).Order(),
            Is.EqualTo(new[] { policies["juicer-bronze"], policies["juicer-silver"] }.Order()));
        Assert.That(Changed(await reconciler.PlanAsync(bundle, null)), Is.Empty, "live ids read back as the bundle's placeholders");
    }

    [Test]
    public async Task Notebooks_create_only_the_deepest_missing_folders_and_delete_what_left_the_bundle()
    {
        var reconciler = Only(new NotebookAdapter());
        var bundle = SandboxHarness.Bundle(jobs: 0, notebooks: 6, folders: 3);
        var first = await reconciler.PlanAsync(bundle, null);
        Assert.That(first.Of<NotebookPlan>().ExistingDirectories, Is.Empty, "the root does not exist yet");
        await reconciler.ApplyAsync(first);
        Assert.That(Server.Requests.Count("workspace/mkdirs"), Is.EqualTo(3), "one mkdirs per leaf folder, parents implied");

        var smaller = SandboxHarness.Bundle(jobs: 0, notebooks: 4, folders: 3);
        var plan = await reconciler.PlanAsync(smaller, null);
        Assert.That(Changed(plan), Is.EquivalentTo(bundle.Notebooks.Skip(4).Select(n => ("notebook", n.WorkspacePath, ChangeAction.Delete))));
        Assert.That(plan.Of<NotebookPlan>().ExistingDirectories, Does.Contain(SandboxHarness.Root + "/layer0"));
        await reconciler.ApplyAsync(plan);
        Assert.That(await Client.GetStatusAsync(bundle.Notebooks[5].WorkspacePath), Is.Null);
        Assert.That(Changed(await reconciler.PlanAsync(smaller, null)), Is.Empty);
    }

    [Test]
    public void A_new_workspace_is_planned_as_creates_of_every_kind_without_a_request()
    {
        var bundle = SandboxHarness.Bundle(jobs: 2, notebooks: 3);
        var access = AccessAdapterTests.Declared(withDashboard: true);
        var catalog = UnityCatalogAdapterTests.Desired("lake_new", withStorage: true);
        var plan = WorkspaceReconciler.PlanForNewWorkspace(new WorkspaceDesired(bundle, Scope) { Access = access, Catalog = catalog });
        // The metastore preflight plans nothing: it only reads.
        Assert.That(plan.Changes().Select(c => c.Kind).Distinct(), Is.EqualTo(WorkspaceReconciler.DefaultAdapters.Select(a => a.Kind).Where(k => k != new MetastoreAssignmentAdapter().Kind)));
        Assert.That(plan.Changes().Select(c => c.Action), Is.All.EqualTo(ChangeAction.Create));
        var accessChanges = 1 + access.Grants.Count + access.Masks.MaskFunctions.Count + access.Masks.RowFilterFunctions.Count + access.Contracts.Tables.Count + 1 + bundle.Policies.Count + 1 + access.Dashboards.Count;
        Assert.That(plan.Changes(), Has.Count.EqualTo(1 + 2 + 2 + 3 + catalog.Count + accessChanges));
        Assert.That(Server.Requests.Count(), Is.Zero);
    }
}
