namespace ProjectScout.Build.Tests.Environments;

/// <summary>The default run never reaches for real credentials: the default environment must be a sandbox.</summary>
[TestFixture]
public sealed class DefaultEnvironmentTests
{
    private string _root = "";

    [SetUp]
    public void SetUp()
    {
        _root = Repository.CopyInputs("default-environment");
        var sandbox = Path.Combine(_root, "templates", "environments", "sandbox.yaml");
        File.WriteAllText(sandbox, File.ReadAllText(sandbox).Replace("kind: sandbox", "kind: azure"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task A_default_environment_of_kind_azure_is_refused_in_one_line_before_anything_runs()
    {
        var result = await HostProcess.RunAsync(_root, "--target=DeployPhase1", "--what-if");

        Assert.That(result.ExitCode, Is.Not.Zero);
        var lines = result.All.Split('\n').Where(l => l.Contains("the default environment 'sandbox' has kind: azure", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1), result.All);
        Assert.That(lines[0], Does.Contain("templates/environments/sandbox.yaml").And.Contain("--environment="));
        Assert.That(result.All, Does.Not.Contain("credential").And.Not.Contain("ValidateEnvironments "), "refused before any credential lookup or task");
    }

    [Test]
    public async Task Naming_the_environment_explicitly_is_the_users_choice()
    {
        var result = await HostProcess.RunAsync(_root, "--target=ValidateEnvironments", "--environment=sandbox");

        Assert.That(result.All, Does.Not.Contain("the default environment"));
    }
}
