using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>
/// The sandbox started in-process for --environment=sandbox: ARM and Databricks on 127.0.0.1 over HTTPS, its state in
/// artifacts/sandbox/state. The clients trust exactly its certificate (pinned), and only in this mode.
/// Faults can be injected into a build run with PROJECTSCOUT_SANDBOX_FAULTS / PROJECTSCOUT_SANDBOX_RATE_LIMIT.
/// </summary>
internal sealed class SandboxSession : IAsyncDisposable
{
    private SandboxSession(SandboxServer server, DeployTarget target)
    {
        Server = server;
        Target = target;
    }

    public SandboxServer Server { get; }

    public DeployTarget Target { get; }

    public static async Task<SandboxSession> StartAsync(BuildContext context, CancellationToken ct)
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions
        {
            StateDirectory = context.Artifacts.State,
            Faults = FaultSettings.FromEnvironment(),
        }, ct);
        return new SandboxSession(server, For(server, context.TargetEnvironment));
    }

    /// <summary>The deploy target of a running sandbox (also used by tests and the benchmark).</summary>
    public static DeployTarget For(SandboxServer server, Toolkit.Environments.EnvironmentDefinition environment, double? rateLimit = null) => new()
    {
        Environment = environment,
        ArmEndpoint = server.ArmEndpoint,
        Credential = new StaticTokenCredential("projectscout-sandbox-token"),
        Scope = new ResourceGroupScope(environment.Azure.SubscriptionId, environment.Azure.ResourceGroup),
        PinnedCertificate = server.Certificate,
        ArmOptions = new ArmClientOptions { DefaultPollInterval = TimeSpan.FromMilliseconds(200) },
        DatabricksRateLimit = rateLimit,
    };

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
