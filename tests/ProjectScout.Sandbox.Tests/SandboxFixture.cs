using ProjectScout.Sandbox;

namespace ProjectScout.Sandbox.Tests;

/// <summary>
/// One sandbox per fixture over real HTTPS: a scratch folder, the server and a Databricks client, started before the
/// fixture's tests and removed after them. A fixture changes the options or prepares state by overriding.
/// </summary>
public abstract class SandboxFixture(string purpose)
{
    protected string Root { get; private set; } = null!;

    protected SandboxServer Server { get; private set; } = null!;

    /// <summary>A client of the Databricks side.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The sandbox's options; the default is <see cref="SandboxTesting.Options"/>.</summary>
    protected virtual SandboxOptions Options(string root) => SandboxTesting.Options(root);

    /// <summary>What the fixture's tests share, created once the sandbox is up.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartSandboxAsync()
    {
        Root = Repository.NewScratchDirectory(purpose);
        Server = await SandboxServer.StartAsync(Options(Root));
        Client = Server.Databricks();
        await StartedAsync();
    }

    [OneTimeTearDown]
    public async Task StopSandboxAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
