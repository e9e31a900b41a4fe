using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;

namespace ProjectScout.Build.Tests.Deploy;

public partial class PhaseDeploymentTests
{
    /// <summary>
    /// Job grants read in turn through the whole pipeline (issue #15), on the deployed workspace, with a budget of 1
    /// (fewer than the project's jobs): the first deploy reads every job's grants (nothing recorded) and its up-to-date
    /// phase records them; the next reads its turn of 1; Verify reads every job's and names both hand-made grants; the
    /// deploys that follow find them in their turns, and a deploy that repairs one verifies what it touched, so the
    /// other's drift, due in a later turn, does not fail it.
    /// </summary>
    private async Task JobGrantsAreReadInTurnAsync(AccessDesired budgeted, DatabricksClient client)
    {
        using var inTurn = Deployer(adjust: o => o with { Access = budgeted });
        var ids = (await SandboxHarness.ManagedJobsAsync(client)).ToDictionary(g => g.Key, g => g.Single().ToString(CultureInfo.InvariantCulture));
        var keys = ids.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.That(keys, Has.Count.GreaterThanOrEqualTo(3), "the project has at least three jobs, so three turns");

        var before = SandboxHarness.LastSequence(_server);
        Assert.That((await inTurn.DeployAsync(1)).Plan.Changes.Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
        Assert.That(JobGrantReads(before, ids), Has.Count.EqualTo(keys.Count), "no record yet: every job's grants are read");
        var manifest = WorkspaceManifest.Parse(await client.ExportAsync(WorkspaceManifest.PathUnder(_environment.Databricks.NotebookRoot), format: "RAW"))!;
        Assert.That(manifest.JobGrantReads.Keys, Is.EquivalentTo(keys), "the up-to-date phase records what it read");

        before = SandboxHarness.LastSequence(_server);
        await inTurn.DeployAsync(1);
        Assert.That(JobGrantReads(before, ids), Is.EqualTo(keys.Take(1)), "the next deploy reads its turn (oldest, then by key)");

        var intruded = new[] { keys[1], keys[2] };
        foreach (var key in intruded)
        {
            await client.UpdatePermissionsAsync("jobs", ids[key], [new JsonObject { ["group_name"] = "users", ["permission_level"] = "CAN_MANAGE" }]);
        }

        var verify = Assert.ThrowsAsync<ToolkitException>(async () => await inTurn.VerifyRecordedAsync());
        Assert.That(verify!.Message, Does.Contain($"job {intruded[0]}: update").And.Contain($"job {intruded[1]}: update"), "Verify reads every job's grants");

        var found = new List<string>();
        for (var turn = 0; turn < keys.Count && found.Count < intruded.Length; turn++)
        {
            var outcome = await inTurn.DeployAsync(1);
            found.AddRange(outcome.Plan.Changes.Where(c => c.Drift.Contains(DriftKinds.Permissions, StringComparison.Ordinal)).Select(c => c.Name));
        }

        Assert.That(found, Is.EqualTo(intruded), "each hand-made grant is found in its turn, within one cycle");
        await inTurn.VerifyRecordedAsync();
    }

    /// <summary>The job keys whose grants were read since <paramref name="after"/>, in key order.</summary>
    private List<string> JobGrantReads(long after, IReadOnlyDictionary<string, string> ids)
    {
        var byPath = ids.ToDictionary(i => "/api/2.0/permissions/jobs/" + i.Value, i => i.Key);
        return _server.Requests.Entries.Where(e => e.Sequence > after && e.Operation == "permissions/get" && byPath.ContainsKey(e.Path))
            .Select(e => byPath[e.Path]).Order(StringComparer.Ordinal).ToList();
    }
}
