using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// The CI contract through the real host process: --what-if exit codes, --output=json, --plan-out/--plan, and
/// --auto-approve for a real environment without a terminal.
/// </summary>
public partial class PhaseDeploymentTests
{
    [Test]
    [Order(1)] // started first among the fixture's parallel tests: five host processes one after another make it the longest
    public async Task What_if_exits_2_with_changes_and_0_without_json_goes_to_stdout_and_a_saved_plan_is_applied_or_refused()
    {
        var state = Path.Combine(_root, "artifacts", "sandbox", "state");
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }

        try
        {
            // A fresh environment: changes, so 2; stdout is the plan and nothing else, the log is on stderr.
            var json = await RunHostAsync("--target=DeployPhase1", "--exclusive", "--what-if", "--output=json");
            Assert.That(json.ExitCode, Is.EqualTo(2), json.All);
            var document = JsonNode.Parse(json.Out)!.AsObject();
            Assert.That((bool)document["hasChanges"]!, Is.True);
            Assert.That((string)document["environment"]!, Is.EqualTo("sandbox"));
            var phase = document["phases"]!.AsArray().Single()!;
            Assert.That((int)phase["phase"]!, Is.EqualTo(1));
            Assert.That((int)phase["summary"]!["create"]!, Is.GreaterThan(40));
            Assert.That(phase["changes"]!.AsArray().Select(c => (string)c!["kind"]!), Does.Contain("job"));
            Assert.That(json.Error, Does.Contain("Phase 1 plan:"), "the log goes to stderr");

            var saved = Path.Combine(_root, "artifacts", "phase1-plan.json");
            var preview = await RunHostAsync("--target=DeployPhase1", "--exclusive", "--what-if", "--plan-out=artifacts/phase1-plan.json");
            Assert.That(preview.ExitCode, Is.EqualTo(2), preview.All);
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(saved))!["phases"], document["phases"]), Is.True, "--plan-out saves what --output=json shows");

            // Applying exactly the saved plan; then nothing is left to change: 0.
            var apply = await RunHostAsync("--target=DeployPhase1", "--exclusive", "--plan=artifacts/phase1-plan.json");
            Assert.That(apply.ExitCode, Is.Zero, apply.All);
            Assert.That(apply.Out, Does.Contain("Phase 1: the plan is the one saved in artifacts/phase1-plan.json").And.Contain("Phase 1 deployed, verified and recorded"));
            var again = await RunHostAsync("--target=DeployPhase1", "--exclusive", "--what-if");
            Assert.That(again.ExitCode, Is.Zero, again.All);
            Assert.That(again.Out, Does.Contain("Phase 1 plan: 0 to create, 0 to update, 0 to delete"));

            // The same saved plan again: the live state changed since (everything exists now), refused before any write.
            var refused = await RunHostAsync("--target=DeployPhase1", "--exclusive", "--plan=artifacts/phase1-plan.json");
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.All);
            var line = refused.All.Split('\n').Single(l => l.Contains("The live state changed since", StringComparison.Ordinal));
            Assert.That(line, Does.Contain("artifacts/phase1-plan.json").And.Contain("nothing was written"));
            Assert.That(refused.All, Does.Not.Contain("Deploying projectscout-").And.Not.Contain("deployed, verified and recorded"));
        }
        finally
        {
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    [Test]
    public async Task A_real_environment_without_a_terminal_needs_auto_approve_before_anything_else()
    {
        string[] noCredentials = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE"];
        var refused = await RunHostAsync(noCredentials, "--target=DeployPhase1", "--environment=dev");
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.All);
        Assert.That(refused.All.Split('\n').Where(l => l.Contains("no terminal to ask on", StringComparison.Ordinal)).ToList(),
            Has.Count.EqualTo(1).And.All.Contains("--auto-approve"));
        Assert.That(refused.All, Does.Not.Contain("No usable Azure credential"), "refused before the credential is resolved");

        // The opt-in passes the check; the run then needs credentials, which this machine has not.
        var approved = await RunHostAsync(noCredentials, "--target=DeployPhase1", "--environment=dev", "--auto-approve");
        Assert.That(approved.ExitCode, Is.EqualTo(1));
        Assert.That(approved.All, Does.Contain("No usable Azure credential").And.Not.Contain("no terminal to ask on"));

        // A preview never asks.
        var preview = await RunHostAsync(noCredentials, "--target=DeployPhase1", "--environment=dev", "--what-if");
        Assert.That(preview.All, Does.Not.Contain("no terminal to ask on"));
    }

    private Task<HostProcess.Result> RunHostAsync(params string[] args) => RunHostAsync([], args);

    /// <summary>The host in the fixture's compiled copy, stdin redirected (no terminal), stdout and stderr apart.</summary>
    private async Task<HostProcess.Result> RunHostAsync(string[] unset, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "ProjectScout.Build.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in unset)
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("TF_BUILD");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new HostProcess.Result(process.ExitCode, await stdout, await stderr);
    }
}
