namespace ProjectScout.Build.Tests.Steps;

/// <summary>No deploy of unvalidated artifacts: the real host, a scratch repository, a Validate that fails on purpose.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ValidationStampTests
{
    private string _root = "";

    /// <summary>A copy whose artifacts are built already: its first Validate checks them without compiling.</summary>
    [SetUp]
    public async Task SetUp() => _root = await SharedRunResources.CopyValidatedAsync("validation-stamp");

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task A_failed_Validate_leaves_nothing_deployable_and_an_exclusive_deploy_is_refused_in_one_line()
    {
        File.Delete(Path.Combine(_root, "artifacts", "sandbox", ".validated")); // the copy came stamped: only this Validate may stamp it again
        var passed = await HostProcess.RunAsync(_root, "--target=Validate", "--environment=sandbox");
        Assert.That(passed.ExitCode, Is.Zero, passed.All);
        Assert.That(File.Exists(Path.Combine(_root, "artifacts", "sandbox", ".validated")), Is.True, "a passing Validate stamps the artifacts");

        // The campaign's case: TLS1_0 compiles, the policy check fails, and the compiled output stays in artifacts/.
        var storage = Path.Combine(_root, "templates", "infra", "modules", "storage-account.bicep");
        File.WriteAllText(storage, File.ReadAllText(storage).Replace("minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'"));
        var failed = await HostProcess.RunAsync(_root, "--target=Validate", "--environment=sandbox");
        Assert.That(failed.ExitCode, Is.Not.Zero);
        Assert.That(failed.All, Does.Contain("storage.min-tls"));
        Assert.That(File.ReadAllText(Path.Combine(_root, "artifacts", "sandbox", "snapshots", "phase1.json")), Does.Contain("TLS1_0"), "the failed output is there");

        var deploy = await HostProcess.RunAsync(_root, "--target=DeployPhase1", "--exclusive", "--environment=sandbox");

        Assert.That(deploy.ExitCode, Is.Not.Zero);
        var refusal = deploy.All.Split('\n').Where(l => l.Contains("has not passed Validate", StringComparison.Ordinal)).ToList();
        Assert.That(refusal, Has.Count.EqualTo(1), deploy.All);
        Assert.That(refusal[0], Does.Contain("artifacts/sandbox").And.Contain("--target=Validate --environment=sandbox"));
        Assert.That(deploy.All, Does.Not.Contain("Plan").And.Not.Contain("sandbox listening"), "refused before any deploy work");
    }

    [Test]
    public async Task Artifacts_changed_after_a_passing_Validate_are_refused()
    {
        var passed = await HostProcess.RunAsync(_root, "--target=Validate", "--environment=sandbox");
        Assert.That(passed.ExitCode, Is.Zero, passed.All);
        var snapshot = Path.Combine(_root, "artifacts", "sandbox", "infra", "phase1.json");
        File.WriteAllText(snapshot, File.ReadAllText(snapshot).Replace("TLS1_2", "TLS1_0"));

        var deploy = await HostProcess.RunAsync(_root, "--target=DeployPhase1", "--exclusive", "--environment=sandbox");

        Assert.That(deploy.ExitCode, Is.Not.Zero);
        Assert.That(deploy.All.Split('\n').Where(l => l.Contains("changed since Validate passed", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), deploy.All);
    }
}
