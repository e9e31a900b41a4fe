using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// Serialisation across processes, as users hit it: real host processes on one scratch repository and its sandbox
/// state. A deploy killed with SIGKILL does not block the next one, and two deploys at once never run two sandboxes on
/// one state: the second waits for the first (and says so), and every job exists exactly once.
/// </summary>
[TestFixture]
[Order(1)] // the longest fixtures start first, so the short ones fill in around them
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class ConcurrentDeployTests
{
    private string _root = "";

    private string State => Path.Combine(_root, "artifacts", "sandbox", "state");

    /// <summary>Each test its own validated copy of the repository, with an empty sandbox.</summary>
    [SetUp]
    public async Task CopyValidatedAsync()
    {
        _root = await SharedRunResources.CopyValidatedAsync("concurrent-deploy");
        Assert.That(Directory.Exists(State), Is.False, "the sandbox starts empty");
    }

    [TearDown]
    public void RemoveScratch() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task A_deploy_killed_mid_deploy_does_not_block_the_next_one_which_takes_over_its_lock()
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "ProjectScout.Build.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--target=DeployPhase1", "--environment=sandbox" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using (var victim = Process.Start(start)!)
        {
            _ = victim.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            string? line;
            var seen = new List<string>();
            // Mid-deploy: the lock is held, the ARM deployment is done and the workspace objects are being created.
            while ((line = await victim.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.Contains(": applying ", StringComparison.Ordinal))
            {
                seen.Add(line);
            }

            Assert.That(line, Is.Not.Null, "the deploy never reached the workspace apply:\n" + string.Join("\n", seen));
            victim.Kill(); // SIGKILL: no finally block, no lock release
            await victim.WaitForExitAsync();
        }

        var rerun = await HostProcess.RunAsync(_root, "--target=DeployPhase1", "--environment=sandbox");

        // Taken over at once, not waited for (the killed run's lease is valid for an hour): no timing, the log says it.
        Assert.That(rerun.ExitCode, Is.Zero, rerun.All);
        Assert.That(rerun.Out, Does.Contain("Taking over the deployment lock of").And.Contain("is gone"));
        Assert.That(rerun.Out, Does.Not.Contain("Waiting for the deployment lock"), rerun.All);
        AssertEachJobOnce();
    }

    [Test]
    public async Task Two_deploys_at_once_on_an_empty_sandbox_serialise_and_leave_each_job_once()
    {
        var runs = await Task.WhenAll(
            HostProcess.RunAsync(_root, "--target=DeployPhase1", "--environment=sandbox", "--lock-timeout=240"),
            HostProcess.RunAsync(_root, "--target=DeployPhase1", "--environment=sandbox", "--lock-timeout=240"));

        Assert.That(runs.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n-----\n", runs.Select(r => r.All)));
        Assert.That(runs.Count(r => r.Out.Contains("Waiting for the sandbox of another run", StringComparison.Ordinal)), Is.EqualTo(1),
            "exactly one run waits for the other's sandbox, and says so");
        AssertEachJobOnce();
    }

    /// <summary>Every job of the sandbox's persisted workspace, by its managed key: exactly one each, and all of them.</summary>
    private void AssertEachJobOnce()
    {
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(State, "databricks.json")))!;
        var keys = state["jobs"]!.AsObject().Select(j => (string?)j.Value!["settings"]!["tags"]?["projectscout_key"] ?? (string)j.Value!["settings"]!["name"]!).ToList();
        var expected = Directory.EnumerateFiles(Path.Combine(_root, "artifacts", "sandbox", "jobs"), "*.json").Count();
        Assert.That(keys, Is.Unique, "no duplicate job");
        Assert.That(keys, Has.Count.EqualTo(expected), string.Join(", ", keys));
    }
}
