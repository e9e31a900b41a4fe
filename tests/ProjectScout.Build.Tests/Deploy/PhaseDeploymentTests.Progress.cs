using ProjectScout.Sandbox.Faults;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>Progress while a phase deploys: ARM operations as they finish, "Still deploying…", Azure Pipelines' setprogress, Databricks n of m.</summary>
public partial class PhaseDeploymentTests
{
    [Test]
    public async Task A_deployment_prints_its_operations_as_they_finish_and_still_deploying_while_it_runs()
    {
        // The deployment's status is slow to answer, so it runs across several progress intervals.
        _server.Faults.Add(new FaultRule { Operation = "arm/deployments/operationstatus", Kind = FaultKind.Delay, DelayMilliseconds = 2500, Count = 1 });
        var commands = new List<string>();
        using var deployer = Deployer(adjust: o => o with { ProgressInterval = TimeSpan.FromMilliseconds(500), PipelineCommand = line => { lock (commands) { commands.Add(line); } } });

        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);

        var still = _log.FindIndex(l => l.StartsWith("Still deploying… ", StringComparison.Ordinal));
        var done = _log.FindIndex(l => l.StartsWith("ARM deployment ", StringComparison.Ordinal));
        Assert.That(still, Is.GreaterThan(0).And.LessThan(done), string.Join("\n", _log));
        Assert.That(_log, Has.Some.Match(@"^Still deploying… \d+ s \(\d+ of ~\d+ resource operation\(s\) done\)$"));
        Assert.That(_log, Has.Some.Match(@"^  create storageAccounts tbwajuicerstgsbx: Succeeded \(\d"));
        Assert.That(_server.Requests.Count("arm/deployments/operations"), Is.GreaterThanOrEqualTo(2), "read while running and once at the end");
        Assert.That(_log.Where(l => l.StartsWith("  create ", StringComparison.Ordinal)).Distinct().Count(), Is.EqualTo(_log.Count(l => l.StartsWith("  create ", StringComparison.Ordinal))), "each operation once");
        Assert.That(commands, Has.Some.Match(@"^##vso\[task\.setprogress value=\d+;\]ARM deployment projectscout-sandbox-phase1-"));
        Assert.That(commands[^1], Does.StartWith("##vso[task.setprogress value=100;]"));
        // Notebooks first, jobs last (a job is written only once its notebooks are in place).
        Assert.That(_log, Has.Some.Match(@"^Databricks: \d+ of \d+ change\(s\) applied \(notebook: \d+\)\.$"));
        Assert.That(_log, Has.Some.Match(@"^Databricks: (\d+) of \1 change\(s\) applied \(job: \d+\)\.$"));

        // Phase 2 holds ids the evaluation leaves as expressions and extension resources: listed, shown readably.
        Assert.That((await deployer.DeployAsync(2)).Recorded, Is.True);
        Assert.That(_server.Requests.Count("arm/deployments/operations", 500), Is.Zero);
        Assert.That(_log, Has.Some.Match(@"^  create privateDnsZones privatelink\.blob\.<suffixes\.storage>: Succeeded"));
        Assert.That(_log, Has.Some.Match(@"^  create roleAssignments \S+: Succeeded"));
    }
}
