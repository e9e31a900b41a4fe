using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>The reconciler against the sandbox's Databricks API over real HTTPS.</summary>
public class DatabricksReconcileTests() : SandboxClientFixture("deploy-dbx")
{
    [Test]
    public async Task Apply_converges_and_a_second_plan_changes_nothing_and_writes_nothing()
    {
        var bundle = SandboxHarness.Bundle(jobs: 6, notebooks: 12);
        var reconciler = new WorkspaceReconciler(Client);
        var first = await reconciler.PlanAsync(bundle, null);
        Assert.That(first.Changes().Count(c => c.Action == ChangeAction.Create), Is.EqualTo(2 + 6 + 12));
        await reconciler.ApplyAsync(first);

        var before = SandboxHarness.LastSequence(Server);
        var second = await reconciler.PlanAsync(bundle, null);
        Assert.That(second.Changes().Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
        Assert.That(SandboxHarness.Writes(Server, before), Is.Empty, "planning must only read");

        // Jobs point at the real policy ids, never at the placeholder.
        var jobs = await Client.ListJobsAsync(expandTasks: true);
        Assert.That(jobs.Select(j => j["settings"]!["job_clusters"]![0]!["new_cluster"]!["policy_id"]!.ToString()), Has.None.StartsWith("policy:"));
    }

    [Test]
    public async Task Drift_in_a_job_and_a_notebook_is_planned_as_update_and_repaired()
    {
        var bundle = SandboxHarness.Bundle(jobs: 3, notebooks: 4);
        var reconciler = new WorkspaceReconciler(Client);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));

        // Someone edits job-001 in the UI and overwrites a notebook.
        var id = (await SandboxHarness.ManagedJobsAsync(Client))["job-001"].Single();
        var live = (await Client.GetJobAsync(id))!["settings"]!.AsObject();
        live["max_concurrent_runs"] = 7;
        await Client.ResetJobAsync(id, live);
        await Client.ImportAsync(bundle.Notebooks[2].WorkspacePath, "# Databricks notebook source\nprint('hot fix')\n"u8.ToArray(), "PYTHON", overwrite: true);

        var plan = await reconciler.PlanAsync(bundle, null);
        var changed = plan.Changes().Where(c => c.Action != ChangeAction.NoChange).ToList();
        Assert.That(changed.Select(c => (c.Kind, c.Name, c.Action)), Is.EquivalentTo(new[]
        {
            ("job", "job-001", ChangeAction.Update),
            ("notebook", bundle.Notebooks[2].WorkspacePath, ChangeAction.Update),
        }));
        Assert.That(changed.Single(c => c.Kind == "job").Detail, Is.EqualTo("max_concurrent_runs"));

        await reconciler.ApplyAsync(plan);
        Assert.That((await reconciler.PlanAsync(bundle, null)).Changes().Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
        Assert.That((await Client.GetJobAsync(id))!["settings"]!["max_concurrent_runs"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_no_change_redeploy_exports_nothing_and_a_lost_manifest_costs_exports_but_no_duplicate()
    {
        var bundle = SandboxHarness.Bundle(jobs: 3, notebooks: 8);
        var reconciler = new WorkspaceReconciler(Client);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));

        // The listed object ids and modified times still equal the manifest's: nothing is exported, nothing written.
        var before = SandboxHarness.LastSequence(Server);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));
        var manifestPath = WorkspaceManifest.PathUnder(bundle.NotebookRoot);
        Assert.That(Server.Requests.Entries.Where(e => e.Sequence > before && e.Operation == "workspace/export").Select(e => e.Path).ToList(),
            Has.Count.EqualTo(1).And.All.Contains(WorkspaceManifest.FileName), "only the manifest is read");
        Assert.That(SandboxHarness.Writes(Server, before), Is.Empty);

        // The manifest is lost (or corrupted): every notebook is exported and compared, nothing is created again.
        await Client.ImportFileAsync(manifestPath, "not json"u8.ToArray());
        before = SandboxHarness.LastSequence(Server);
        var plan = await reconciler.PlanAsync(bundle, null);
        Assert.That(plan.Changes().Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
        Assert.That(Server.Requests.Entries.Count(e => e.Sequence > before && e.Operation == "workspace/export"), Is.EqualTo(bundle.Notebooks.Count + 1));
        await reconciler.ApplyAsync(plan);
        Assert.That(WorkspaceManifest.Parse(await Client.ExportAsync(manifestPath, format: "RAW"))!.Notebooks.Keys,
            Is.EquivalentTo(bundle.Notebooks.Select(n => n.WorkspacePath)), "the manifest is rewritten from what was verified");
        Assert.That((await SandboxHarness.ManagedJobsAsync(Client)).Select(g => g.Count()), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Throttling_errors_and_dropped_connections_converge_without_a_duplicate_job()
    {
        var bundle = SandboxHarness.Bundle(jobs: 5, notebooks: 6);
        Server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.TooManyRequests, Count = 2, RetryAfterSeconds = 1 });
        Server.Faults.Add(new FaultRule { Operation = "workspace/import", Kind = FaultKind.ServiceUnavailable, Count = 2, RetryAfterSeconds = 1 });
        Server.Faults.Add(new FaultRule { Operation = "jobs/list", Kind = FaultKind.InternalServerError, Count = 1 });
        // The create goes through, the client never hears back: the classic duplicate-job trap.
        Server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.DropConnection, Count = 1, Skip = 3, AfterOperation = true });
        Server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.ServiceUnavailable, Count = 1, Skip = 4, AfterOperation = true, RetryAfterSeconds = 0 });

        var reconciler = new WorkspaceReconciler(Client);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));

        var jobs = await SandboxHarness.ManagedJobsAsync(Client);
        Assert.That(jobs.Select(g => (g.Key, g.Count())), Is.EquivalentTo(bundle.Jobs.Select(j => (j.Key, 1))), "exactly one job per key");
        Assert.That(Server.Requests.Count("jobs/create", 429), Is.EqualTo(2));
        Assert.That(Server.Requests.Entries.Count(e => e.Operation == "jobs/create" && e.Status == 0), Is.EqualTo(1), "one connection dropped");
        Assert.That((await reconciler.PlanAsync(bundle, null)).Changes().Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
    }

    [Test]
    public async Task A_job_created_by_a_run_that_died_before_recording_is_adopted_not_duplicated()
    {
        var bundle = SandboxHarness.Bundle(jobs: 2, notebooks: 2);
        var reconciler = new WorkspaceReconciler(Client);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));

        // A run that created job-002 and died: no local state anywhere, only the tag in the workspace.
        var bigger = SandboxHarness.Bundle(jobs: 3, notebooks: 2);
        var settings = (JsonObject)bigger.Jobs[2].Settings.DeepClone();
        JobAdapter.ReplacePolicyIds(settings, _ => null);
        settings["job_clusters"]![0]!["new_cluster"]!.AsObject().Remove("policy_id");
        await Client.CreateJobAsync(settings);

        var plan = await reconciler.PlanAsync(bigger, null);
        Assert.That(plan.Of<JobPlan>().Steps.Single(j => j.Desired?.Key == "job-002").Action, Is.EqualTo(ChangeAction.Update), "found by tag, so updated rather than created");
        await reconciler.ApplyAsync(plan);
        var jobs = await SandboxHarness.ManagedJobsAsync(Client);
        Assert.That(jobs["job-002"].Count(), Is.EqualTo(1));
        Assert.That(jobs.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task Objects_removed_from_the_bundle_are_deleted_and_duplicates_collapse_to_one()
    {
        var reconciler = new WorkspaceReconciler(Client);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(SandboxHarness.Bundle(jobs: 3, notebooks: 4), null));
        var duplicate = (JsonObject)(await Client.GetJobAsync((await SandboxHarness.ManagedJobsAsync(Client))["job-000"].Single()))!["settings"]!.DeepClone();
        await Client.CreateJobAsync(duplicate);

        var smaller = SandboxHarness.Bundle(jobs: 2, notebooks: 3);
        var plan = await reconciler.PlanAsync(smaller, null);
        Assert.That(plan.Changes().Where(c => c.Action == ChangeAction.Delete).Select(c => c.Kind), Is.EquivalentTo(new[] { "job", "job", "notebook" }));
        await reconciler.ApplyAsync(plan);
        var jobs = await SandboxHarness.ManagedJobsAsync(Client);
        Assert.That(jobs.Select(g => (g.Key, g.Count())), Is.EquivalentTo(new[] { ("job-000", 1), ("job-001", 1) }));
    }
}
