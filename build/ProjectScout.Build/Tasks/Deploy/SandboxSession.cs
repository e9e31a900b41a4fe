using ProjectScout.Model.Arm;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>
/// The deploy target of the run's in-process sandbox (<see cref="RunResources.GetSandboxAsync"/>: one per run, state in
/// artifacts/sandbox/state, stopped when the run ends). Both clients trust exactly its certificate (pinned), and only
/// in this mode; the sandbox checks only that a bearer token is present.
/// </summary>
internal static class SandboxSession
{
    public static DeployTarget For(SandboxServer server, Model.Environments.EnvironmentDefinition environment, double? rateLimit = null) => new()
    {
        Environment = environment,
        ArmEndpoint = server.ArmEndpoint,
        Credential = new StaticTokenCredential("projectscout-sandbox-token"),
        Scope = new ResourceGroupScope(environment.Azure.SubscriptionId, environment.Azure.ResourceGroup),
        PinnedCertificate = server.Certificate,
        ArmOptions = new ArmClientOptions { DefaultPollInterval = TimeSpan.FromMilliseconds(200) },
        DatabricksRateLimit = rateLimit,
    };
}
