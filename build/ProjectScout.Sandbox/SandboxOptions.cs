using ProjectScout.Model.Layout;
using ProjectScout.Model.Templates;
using ProjectScout.Sandbox.Faults;

namespace ProjectScout.Sandbox;

/// <summary>How one sandbox server starts. Every member has a default that works for a test (ephemeral ports).</summary>
public sealed record SandboxOptions
{
    /// <summary>Where the ARM and Databricks state lives (arm.json, databricks.json). Default: artifacts/sandbox/state under the current directory.</summary>
    public string StateDirectory { get; init; } = Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), ArtifactFolders.Artifacts, ArtifactFolders.SandboxState));

    /// <summary>JSON-lines file every request is appended to. Default: requests.jsonl beside the state directory.</summary>
    public string? RequestLogPath { get; init; }

    /// <summary>Port of the ARM endpoint on 127.0.0.1; 0 picks a free one.</summary>
    public int ArmPort { get; init; }

    /// <summary>Port of the Databricks endpoint on 127.0.0.1; 0 picks a free one.</summary>
    public int DatabricksPort { get; init; }

    /// <summary>Faults active from the first request (more can be added at run time through <see cref="SandboxServer.Faults"/>).</summary>
    public FaultSettings Faults { get; init; } = new();

    /// <summary>
    /// Evaluates a submitted ARM template, handed in by whoever starts the sandbox (the toolkit's BicepTemplateEvaluator);
    /// the server disposes it on stop when it is <see cref="IAsyncDisposable"/>. Null: deployments, validations and
    /// what-ifs fail with a line saying how to start a sandbox that evaluates templates.
    /// </summary>
    public ITemplateEvaluator? TemplateEvaluator { get; init; }

    /// <summary>What <c>tenant()</c> and <c>subscription().tenantId</c> evaluate to in submitted templates (the environment's tenant); null leaves them as expressions.</summary>
    public string? TenantId { get; init; }

    /// <summary>The Retry-After (seconds) sent with long-running-operation responses. Azure sends 10-15; tests want 0.</summary>
    public int OperationRetryAfterSeconds { get; init; } = 1;

    /// <summary>How many status polls of a long-running operation answer "Running" before its result shows (at least 1, like Azure).</summary>
    public int OperationRunningPolls { get; init; } = 1;

    /// <summary>
    /// The least time a template deployment stays Running (Azure's take minutes). A PUT of the same deployment meanwhile
    /// answers 409 DeploymentActive, as Azure does; 0 finishes as soon as the template is evaluated.
    /// </summary>
    public TimeSpan DeploymentDuration { get; init; } = TimeSpan.Zero;

    /// <summary>The identity the Databricks side reports as creator / run-as of what it stores.</summary>
    public string DatabricksUserName { get; init; } = "sandbox-deployer@projectscout.local";

    /// <summary>How long a job run's cluster set-up and each of its tasks take in simulated time (runs execute no code).</summary>
    public TimeSpan RunStepDuration { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// The object id of the AzureDatabricks application's service principal in the sandbox's tenant (a Key Vault-backed
    /// scope reads secrets as it). Null: any service principal holding Key Vault Secrets User on the vault counts.
    /// </summary>
    public string? AzureDatabricksObjectId { get; init; }

    /// <summary>Clock for created_time / timestamps; tests may pin it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long a start waits while another sandbox (another process, or another server here) holds the state directory;
    /// zero refuses at once. One sandbox at a time on one state: see <see cref="State.StateDirectoryLock"/>.
    /// </summary>
    public TimeSpan StateLockWait { get; init; } = TimeSpan.Zero;

    /// <summary>Told once, when a start waits for the state directory (the in-process sandbox of the build logs it).</summary>
    public Action<string>? OnWaitingForState { get; init; }

    internal string ResolvedStateDirectory => Path.GetFullPath(StateDirectory);

    internal string ResolvedRequestLogPath =>
        Path.GetFullPath(RequestLogPath ?? Path.Combine(Path.GetDirectoryName(ResolvedStateDirectory.TrimEnd(Path.DirectorySeparatorChar)) ?? ResolvedStateDirectory, "requests.jsonl"));
}
