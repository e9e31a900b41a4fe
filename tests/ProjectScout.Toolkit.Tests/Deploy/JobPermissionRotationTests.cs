using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>
/// Job grants read in turn (issue #15): with more jobs than the budget, a plan reads the grants of the jobs it writes,
/// the unrecorded ones and the budget read longest ago; a hand-made grant is found within one cycle, Verify (no budget)
/// and a lost manifest read every job's. Against the sandbox over real HTTPS.
/// </summary>
public class JobPermissionRotationTests() : SandboxClientFixture("job-grant-turns")
{
    private const int Budget = 2;

    [Test]
    public void The_turn_is_the_jobs_read_longest_ago_and_records_that_cannot_be_trusted_are_read_at_once()
    {
        var live = new Dictionary<string, long> { ["a"] = 1, ["b"] = 2, ["c"] = 3, ["d"] = 4, ["e"] = 5, ["f"] = 6, ["g"] = 7 };
        var recorded = new Dictionary<string, JobGrantRead>
        {
            ["a"] = new(1, 30), ["b"] = new(2, 10), ["c"] = new(3, 10), ["d"] = new(4, 20),
            ["f"] = new(99, 5), // made for another job id: the job under the key was replaced
            ["g"] = new(7, 5_000), // later than the plan's start (clock skew, a hand edit): the oldest
        };
        var rotation = JobPermissionRotation.For(7, live, recorded, budget: 2, now: 1_000);
        Assert.That(rotation.Rotates, Is.True);
        Assert.That(live.Keys.Where(k => rotation.Reads(k, written: false)), Is.EqualTo(new[] { "b", "e", "f", "g" }),
            "g (future time, so the oldest) and b (then by time and key) are the turn; e never read; f recorded for another id");
        Assert.That(rotation.Reads("a", written: true), Is.True, "a job the deploy writes is always read");

        var kept = rotation.Planned(["a", "b", "c", "e", "f", "g"], [("b", 2), ("e", 5)], ["g"], now: 1_000)!;
        Assert.That(kept, Is.EqualTo(new Dictionary<string, JobGrantRead> { ["a"] = new(1, 30), ["b"] = new(2, 1_000), ["c"] = new(3, 10), ["e"] = new(5, 1_000) }),
            "d left the bundle; f's record was another job's; g's grants drifted, so it has no record until they are repaired (read on every plan)");
        Assert.That(JobPermissionRotation.Written(kept, [("g", 7)], now: 2_000)["g"], Is.EqualTo(new JobGrantRead(7, 2_000)), "grants written are as declared");

        var fits = JobPermissionRotation.For(2, live, recorded, budget: 2, now: 1_000);
        Assert.That((fits.Rotates, fits.Reads("a", false), fits.Planned(["a", "b"], [("a", 1), ("b", 2)], [], 1_000)!.Count), Is.EqualTo((false, true, 0)),
            "every job read on every plan: nothing is kept");
        Assert.That(JobPermissionRotation.For(7, live, recorded, budget: null, now: 1_000).Rotates, Is.False, "no budget: every job, every plan");
        var only = JobPermissionRotation.Only(new HashSet<string> { "c" });
        Assert.That((only.Reads("c", false), only.Reads("a", false), only.Reads("a", true), only.Planned(["a"], [], [], 1)), Is.EqualTo((true, false, true, (IReadOnlyDictionary<string, JobGrantRead>?)null)),
            "a verification after an apply reads exactly what the apply touched and keeps nothing");
    }

    [Test]
    public async Task Beyond_the_budget_each_plan_reads_its_turn_and_a_hand_made_grant_is_found_within_one_cycle()
    {
        var bundle = SandboxHarness.Bundle(jobs: 6, notebooks: 2);
        var desired = new WorkspaceDesired(bundle, null) { JobPermissionReads = Budget };
        var reconciler = new WorkspaceReconciler(Client);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(desired));
        var ids = (await SandboxHarness.ManagedJobsAsync(Client)).ToDictionary(g => g.Key, g => g.Single());

        var intruded = ids["job-004"].ToString(CultureInfo.InvariantCulture);
        await Client.SetPermissionsAsync("jobs", intruded, [new JsonObject { ["group_name"] = "users", ["permission_level"] = "CAN_MANAGE" }]);

        var readInTurn = new List<IReadOnlyList<string>>();
        PlanChange? found = null;
        for (var plan = 0; plan < ids.Count / Budget && found is null; plan++)
        {
            var before = SandboxHarness.LastSequence(Server);
            var planned = await reconciler.PlanAsync(desired);
            readInTurn.Add(JobGrantReads(before, ids));
            Assert.That(planned.Of<JobPlan>().ReadSummary, Does.StartWith($"grants of {readInTurn[^1].Count} of {ids.Count} job(s) read"));
            found = planned.Changes().SingleOrDefault(c => c.Action != ChangeAction.NoChange);
            await reconciler.ApplyAsync(planned);
        }

        Assert.That(readInTurn, Has.All.Count.EqualTo(Budget), "each plan reads its turn, no more");
        Assert.That(readInTurn.SelectMany(r => r), Is.Unique, "no job is read twice before every job was read once");
        Assert.That(found, Is.Not.Null, $"the hand-made grant on job-004 is found within {ids.Count / Budget} plans (read: {string.Join(" | ", readInTurn.Select(r => string.Join(",", r)))})");
        Assert.That((found!.Name, found.Drift), Is.EqualTo(("job-004", DriftKinds.Permissions)));
        var acl = (await Client.GetPermissionsAsync("jobs", intruded))!["access_control_list"]!.AsArray();
        Assert.That(acl.Select(e => e!["group_name"]?.ToString()), Does.Not.Contain("users"), "repaired");
    }

    [Test]
    public async Task Verify_reads_every_job_and_a_lost_manifest_makes_the_next_plan_read_every_job()
    {
        var bundle = SandboxHarness.Bundle(jobs: 5, notebooks: 2);
        var desired = new WorkspaceDesired(bundle, null) { JobPermissionReads = Budget };
        var reconciler = new WorkspaceReconciler(Client);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(desired));
        var ids = (await SandboxHarness.ManagedJobsAsync(Client)).ToDictionary(g => g.Key, g => g.Single());

        var before = SandboxHarness.LastSequence(Server);
        var turn = await reconciler.PlanAsync(desired);
        Assert.That(JobGrantReads(before, ids), Has.Count.EqualTo(Budget), "the deploy after the creating one reads its turn (creates are recorded)");
        Assert.That(WorkspaceReconciler.ReadsToRecord(turn), Is.Not.Null, "a plan with nothing to apply still records its turn");
        Assert.That(SandboxHarness.Writes(Server, before), Is.Empty, "planning only reads");

        before = SandboxHarness.LastSequence(Server);
        await reconciler.PlanAsync(desired with { JobPermissionReads = null });
        Assert.That(JobGrantReads(before, ids), Has.Count.EqualTo(ids.Count), "Verify reads every job's grants");

        await Client.DeleteAsync(WorkspaceManifest.PathUnder(bundle.NotebookRoot), recursive: false);
        before = SandboxHarness.LastSequence(Server);
        var lost = await reconciler.PlanAsync(desired);
        Assert.That(JobGrantReads(before, ids), Has.Count.EqualTo(ids.Count), "no record: every job's grants are read");
        Assert.That(lost.Changes().Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
        Assert.That(WorkspaceReconciler.ReadsToRecord(lost)!.JobGrantReads.Keys, Is.EquivalentTo(ids.Keys), "and recorded again");
    }

    /// <summary>The job keys whose grants were read since <paramref name="after"/>, in key order.</summary>
    private List<string> JobGrantReads(long after, IReadOnlyDictionary<string, long> ids)
    {
        var byId = ids.ToDictionary(i => "/api/2.0/permissions/jobs/" + i.Value.ToString(CultureInfo.InvariantCulture), i => i.Key);
        return Server.Requests.Entries.Where(e => e.Sequence > after && e.Operation == "permissions/get" && byId.ContainsKey(e.Path))
            .Select(e => byId[e.Path]).Order(StringComparer.Ordinal).ToList();
    }
}
