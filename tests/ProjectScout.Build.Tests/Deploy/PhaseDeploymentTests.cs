using System.Diagnostics;
using System.Text.Json.Nodes;
using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// Whole phases against the sandbox over HTTPS: the artifacts are compiled once per test run by the real host (Validate:
/// bicep, rendering, see <see cref="SharedRunResources"/>); each test deploys its own copy of them to its own fresh
/// sandbox, so the tests run side by side (they mostly wait on HTTP, delays and child processes).
/// </summary>
[Order(2)] // after the longer process-level fixtures (see ConcurrentDeployTests)
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public partial class PhaseDeploymentTests
{
    private string _root = "";
    private EnvironmentDefinition _environment = null!;
    private EnvironmentArtifacts _artifacts = null!;
    private string _state = "";
    private SandboxServer _server = null!;
    private readonly List<string> _log = [];

    [SetUp]
    public async Task StartSandboxAsync()
    {
        _root = await SharedRunResources.CopyValidatedAsync("deploy-phases");
        var layout = new ToolkitLayout { Root = _root };
        _environment = new EnvironmentCatalog(layout.Environments, layout.Display).Load("sandbox");
        _artifacts = layout.For("sandbox");
        _state = Repository.NewScratchDirectory("deploy-state");
        _server = await SandboxServer.StartAsync(new SandboxOptions
        {
            StateDirectory = _state,
            OperationRetryAfterSeconds = 0,
            TemplateEvaluator = new BicepTemplateEvaluator(() => SharedRunResources.BicepClient),
            AzureDatabricksObjectId = _environment.Databricks.AzureDatabricksObjectId,
        });
    }

    [TearDown]
    public async Task StopSandboxAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_state, recursive: true);
        Directory.Delete(_root, recursive: true);
    }

    private PhaseDeployer Deployer(string owner = "test", TimeSpan? lockWait = null, DeployTarget? target = null, bool whatIf = false, Func<DeployOptions, DeployOptions>? adjust = null) =>
        new(target ?? SandboxSession.For(_server, _environment, rateLimit: 200), _artifacts, (adjust ?? (o => o))(new DeployOptions
        {
            Owner = owner,
            WhatIf = whatIf,
            RunId = "run-" + owner,
            Commit = "test",
            Version = "0.0.0-test",
            Lock = new LockSettings { Wait = lockWait ?? TimeSpan.FromMinutes(2), Poll = TimeSpan.FromMilliseconds(200), Settle = TimeSpan.FromMilliseconds(200) },
        }), line => { lock (_log) { _log.Add(line); } }, path => path);

    [Test]
    public async Task Phases_deploy_in_order_a_redeploy_writes_nothing_and_drift_is_repaired()
    {
        var access = AccessWithBackup();
        using var deployer = Deployer(adjust: o => o with { Access = access });
        for (var phase = 1; phase <= 3; phase++)
        {
            var outcome = await deployer.DeployAsync(phase);
            Assert.That(outcome.Recorded, Is.True, $"phase {phase}");
            Assert.That(outcome.Plan.Count(ChangeAction.Create), Is.GreaterThan(0), $"phase {phase} creates resources on a fresh sandbox");
        }

        var group = await deployer.Arm.GetResourceGroupAsync(new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup));
        Assert.That(Enumerable.Range(1, 3).Select(p => PhaseRecord.Read(group!.Tags, p)?.Commit), Is.All.EqualTo("test"));
        Assert.That(group!.Tags.ContainsKey(LockLease.TagName), Is.False, "the lock is released");
        await AssertTiersAndRotationWorkerAsync(deployer);
        await AssertBackupRunsAndRestorePlansAsync(access);

        // Second DeployPhase1: 0 create / 0 update / 0 delete and not one write.
        var before = SandboxHarness.LastSequence(_server);
        var again = await deployer.DeployAsync(1);
        Assert.That((again.Plan.Count(ChangeAction.Create), again.Plan.Count(ChangeAction.Update), again.Plan.Count(ChangeAction.Delete)), Is.EqualTo((0, 0, 0)));
        Assert.That(again.Plan.Count(ChangeAction.NoChange), Is.GreaterThan(40));
        Assert.That(SandboxHarness.Writes(_server, before), Is.Empty);
        var planFile = JsonNode.Parse(File.ReadAllText(Path.Combine(_artifacts.Plan, "phase1.json")))!;
        Assert.That(planFile["summary"]!["create"]!.GetValue<int>() + planFile["summary"]!["update"]!.GetValue<int>(), Is.Zero);

        // Drift: a job edited in the workspace is planned as an update and repaired.
        using var client = SandboxHarness.Client(_server);
        var jobs = await SandboxHarness.ManagedJobsAsync(client);
        var key = jobs.First().Key;
        var id = jobs[key].Single();
        var settings = (await client.GetJobAsync(id))!["settings"]!.AsObject();
        settings["max_concurrent_runs"] = 9;
        await client.ResetJobAsync(id, settings);

        var repaired = await deployer.DeployAsync(1);
        var update = repaired.Plan.Changes.Where(c => c.Action == ChangeAction.Update).ToList();
        Assert.That(update.Select(c => (c.Kind, c.Name)), Is.EqualTo(new[] { ("job", key) }));
        var after = await deployer.DeployAsync(1);
        Assert.That(after.Plan.HasChanges, Is.False);
        Assert.That((await SandboxHarness.ManagedJobsAsync(client))[key].Single(), Is.EqualTo(id), "the same job, repaired in place");

        // Verify on its own: all three recorded phases pass; a notebook deleted behind the toolkit's back fails it.
        Assert.That(await deployer.VerifyRecordedAsync(), Is.EqualTo(new[] { 1, 2, 3 }));
        var notebook = Toolkit.Workspace.WorkspaceBundle.Load(_artifacts, _environment.Databricks.NotebookRoot).Notebooks[0].WorkspacePath;
        await client.DeleteAsync(notebook, recursive: false);
        var failure = Assert.ThrowsAsync<ToolkitException>(() => deployer.VerifyRecordedAsync());
        Assert.That(failure!.Message, Does.Contain($"databricks notebook {notebook}: create still needed"));
    }

    [Test]
    public void What_if_on_a_fresh_environment_plans_everything_as_create_and_writes_nothing()
    {
        using var deployer = Deployer(whatIf: true);
        var outcome = deployer.DeployAsync(1).GetAwaiter().GetResult();
        Assert.That(outcome.Applied, Is.False);
        Assert.That(outcome.Plan.Count(ChangeAction.Create), Is.EqualTo(outcome.Plan.Changes.Count));
        Assert.That(outcome.Plan.Changes.Select(c => c.Kind), Does.Contain("job").And.Contain("Microsoft.Databricks/workspaces"));
        Assert.That(SandboxHarness.Writes(_server), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(_artifacts.Plan, "phase1.md")), Does.Contain("## Phase 1 plan — sandbox"));
    }

    [Test]
    public async Task A_phase_before_its_predecessor_is_refused_with_what_to_run()
    {
        using var deployer = Deployer();
        var error = Assert.ThrowsAsync<ToolkitException>(() => deployer.DeployAsync(2));
        Assert.That(error!.Message, Does.Contain("Phase 1 is not recorded").And.Contain("./build.sh --target=DeployPhase1 --environment=sandbox"));
        Assert.That(SandboxHarness.Writes(_server), Is.Empty);
    }

    [Test]
    public async Task A_preview_of_a_phase_before_its_predecessor_plans_nothing_and_says_why()
    {
        Directory.CreateDirectory(_artifacts.Plan);
        File.WriteAllText(Path.Combine(_artifacts.Plan, "phase2.json"), "{\"stale\": true}");
        using var deployer = Deployer(whatIf: true);

        var outcome = await deployer.DeployAsync(2);

        Assert.That(outcome.Plan.Changes, Is.Empty);
        Assert.That(outcome.Applied, Is.False);
        Assert.That(_log, Has.Some.Contains("Phase 2 cannot be previewed yet: phase 1 is not recorded in 'sandbox'"));
        Assert.That(File.Exists(Path.Combine(_artifacts.Plan, "phase2.json")), Is.False, "a stale plan must not pass for this run's");
        Assert.That(SandboxHarness.Writes(_server), Is.Empty);
    }

    [Test]
    public async Task Two_concurrent_deploys_serialise_on_the_lock_and_create_each_job_once()
    {
        // The first deployment is slow, so the second surely reaches the lock while the first holds it.
        _server.Faults.Add(new FaultRule { Operation = "arm/deployments/put", Kind = FaultKind.Delay, DelayMilliseconds = 4000, Count = 1 });
        using var first = Deployer("agent-a");
        using var second = Deployer("agent-b");
        var a = first.DeployAsync(1);
        await Task.Delay(300);
        var b = second.DeployAsync(1);
        await Task.WhenAll(a, b);

        Assert.That(_log.Any(l => l.StartsWith("Waiting for the deployment lock held by agent-", StringComparison.Ordinal)), Is.True, string.Join("\n", _log));
        var puts = _server.Requests.Entries.Where(e => e.Operation == "arm/deployments/put").OrderBy(e => e.Sequence).ToList();
        // The second deploy may find nothing left to do (no PUT at all); whatever it sends must not overlap the first.
        Assert.That(puts, Has.Count.InRange(1, 2));
        for (var i = 1; i < puts.Count; i++)
        {
            Assert.That(puts[i].Time, Is.GreaterThanOrEqualTo(puts[i - 1].Time + TimeSpan.FromMilliseconds(puts[i - 1].DurationMilliseconds)), "a deployment starts after the previous one");
        }
        using var client = SandboxHarness.Client(_server);
        Assert.That((await SandboxHarness.ManagedJobsAsync(client)).Select(g => g.Count()), Is.All.EqualTo(1));
    }

    [Test]
    public async Task A_held_lock_times_out_naming_its_holder_and_a_stale_one_is_taken_over()
    {
        var scope = new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup);
        using var deployer = Deployer(lockWait: TimeSpan.FromSeconds(1));
        var held = new LockLease("release-agent-3", "20261122.7", DateTimeOffset.UtcNow.AddHours(1), "someone");
        await deployer.Arm.PutResourceGroupAsync(scope, _environment.Azure.Location, new Dictionary<string, string> { [LockLease.TagName] = held.Format() });

        var error = Assert.ThrowsAsync<ToolkitException>(() => deployer.DeployAsync(1));
        Assert.That(error!.Message, Does.Contain("locked by release-agent-3 (pipeline run 20261122.7)"));
        Assert.That(_server.Requests.Count("arm/deployments/put"), Is.Zero, "nothing deployed while locked");

        var stale = held with { Expires = DateTimeOffset.UtcNow.AddMinutes(-1) };
        await deployer.Arm.PutResourceGroupAsync(scope, _environment.Azure.Location, new Dictionary<string, string> { [LockLease.TagName] = stale.Format() });
        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);
    }

    [Test]
    public async Task A_run_under_throttling_errors_and_dropped_connections_converges_without_duplicates()
    {
        _server.Faults.Add(new FaultRule { Operation = "arm/deployments/put", Kind = FaultKind.TooManyRequests, Count = 1, RetryAfterSeconds = 1 });
        _server.Faults.Add(new FaultRule { Operation = "arm/resources/get", Kind = FaultKind.ServiceUnavailable, Count = 2, RetryAfterSeconds = 0 });
        _server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.TooManyRequests, Count = 2, RetryAfterSeconds = 1 });
        _server.Faults.Add(new FaultRule { Operation = "workspace/import", Kind = FaultKind.ServiceUnavailable, Count = 2, RetryAfterSeconds = 0 });
        _server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.DropConnection, Count = 1, Skip = 2, AfterOperation = true });

        using var deployer = Deployer();
        Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);
        Assert.That(_server.Requests.Entries.Count(e => e.Status == 0), Is.EqualTo(1), "the dropped connection happened");
        using var client = SandboxHarness.Client(_server);
        var jobs = await SandboxHarness.ManagedJobsAsync(client);
        Assert.That(jobs.Count, Is.GreaterThan(0));
        Assert.That(jobs.Select(g => g.Count()), Is.All.EqualTo(1), "no duplicate job");
    }

    [Test]
    public async Task A_run_that_dies_between_creating_jobs_and_recording_does_not_duplicate_on_rerun()
    {
        // Every resource-group write after the lock's own (the first) fails: the record (and the lock release) never land.
        // Lease renewals fail too and are retried quietly, so the run dies at its record however long it takes (with
        // Skip = 2 a run shorter than one renewal interval got its record through).
        var brittle = SandboxSession.For(_server, _environment, rateLimit: 200);
        var target = new DeployTarget
        {
            Environment = _environment,
            ArmEndpoint = brittle.ArmEndpoint,
            Credential = brittle.Credential,
            Scope = brittle.Scope,
            PinnedCertificate = brittle.PinnedCertificate,
            DatabricksRateLimit = 200,
            ArmOptions = new ArmClientOptions { DefaultPollInterval = TimeSpan.FromMilliseconds(100), Retry = { MaxRetries = 0 } },
        };
        _server.Faults.Add(new FaultRule { Operation = "arm/resourcegroups/put", Kind = FaultKind.InternalServerError, Count = -1, Skip = 1 });
        using (var dying = new PhaseDeployer(target, _artifacts, new DeployOptions
               {
                   Owner = "dying",
                   Lock = new LockSettings { Lease = TimeSpan.FromSeconds(3), Settle = TimeSpan.FromMilliseconds(100), Poll = TimeSpan.FromMilliseconds(200) },
               }, _ => { }, p => p))
        {
            Assert.ThrowsAsync<ArmException>(() => dying.DeployAsync(1));
        }

        using var client = SandboxHarness.Client(_server);
        var created = await SandboxHarness.ManagedJobsAsync(client);
        Assert.That(created.Count, Is.GreaterThan(0), "the jobs were created before the run died");

        _server.Faults.Clear();
        using var rerun = Deployer("rerun");
        var outcome = await rerun.DeployAsync(1);
        Assert.That(outcome.Plan.Changes.Where(c => c.Kind == "job").Select(c => c.Action), Is.All.EqualTo(ChangeAction.NoChange));
        Assert.That(outcome.Recorded, Is.True, "the missing record is written");
        var jobs = await SandboxHarness.ManagedJobsAsync(client);
        Assert.That(jobs.Select(g => (g.Key, g.Count())), Is.EquivalentTo(created.Select(g => (g.Key, 1))));
    }

    [Test]
    public void An_unreachable_endpoint_is_one_clear_line()
    {
        var target = new DeployTarget
        {
            Environment = _environment,
            ArmEndpoint = new Uri("https://127.0.0.1:9/"),
            Credential = new StaticTokenCredential("t"),
            Scope = new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup),
            ArmOptions = new ArmClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10) } },
        };
        using var deployer = Deployer(target: target);
        var error = Assert.ThrowsAsync<ToolkitException>(() => deployer.DeployAsync(1));
        Assert.That(error!.Message, Does.StartWith("Reading resource group").And.Contain("cannot reach https://127.0.0.1:9").And.Not.Contain("\n"));
    }

    [Test]
    public async Task Missing_credentials_fail_fast_in_one_line_without_a_stack_trace()
    {
        var host = Path.Combine(TestContext.CurrentContext.TestDirectory, "ProjectScout.Build.dll");
        var clock = Stopwatch.StartNew();
        var (exit, output) = await RunAsync(_root, host, "--target=DeployPhase1", "--environment=dev", "--what-if",
            Unset("AZURE_CLIENT_ID"), Unset("AZURE_TENANT_ID"), Unset("AZURE_CLIENT_SECRET"), Unset("AZURE_FEDERATED_TOKEN_FILE"));
        Assert.That(exit, Is.Not.Zero);
        var errorLines = output.Split('\n').Where(l => l.Contains("No usable Azure credential", StringComparison.Ordinal)).ToList();
        Assert.That(errorLines, Has.Count.EqualTo(1), output);
        Assert.That(errorLines[0], Does.Contain("az login").And.Contain("AZURE_FEDERATED_TOKEN_FILE"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "credentials are resolved before any compile work");
        Assert.That(output, Does.Not.Contain("BuildInfra "), "nothing compiled");
    }

    private static (string, string?) Unset(string name) => (name, null);

    private static async Task<(int Exit, string Output)> RunAsync(string workingDirectory, string host, params object[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(host);
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case string text:
                    start.ArgumentList.Add(text);
                    break;
                case ValueTuple<string, string?> (var name, var value):
                    if (value is null)
                    {
                        start.Environment.Remove(name);
                    }
                    else
                    {
                        start.Environment[name] = value;
                    }

                    break;
            }
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
