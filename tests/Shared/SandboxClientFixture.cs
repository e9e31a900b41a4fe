using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Databricks;

namespace ProjectScout.Tests;

/// <summary>A fixture with a fresh sandbox (its own state folder) and a Databricks client to it, per test.</summary>
public abstract class SandboxClientFixture(string purpose)
{
    private string _state = "";

    protected SandboxServer Server { get; private set; } = null!;

    protected DatabricksClient Client { get; private set; } = null!;

    [SetUp]
    public async Task StartSandboxAsync()
    {
        _state = Repository.NewScratchDirectory(purpose);
        Server = await SandboxHarness.StartAsync(_state);
        Client = SandboxHarness.Client(Server);
    }

    [TearDown]
    public async Task StopSandboxAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }
}
