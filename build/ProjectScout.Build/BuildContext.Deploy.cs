using Cake.Common.Diagnostics;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build;

/// <summary>Deploy members of the context: one deploy session (target + phase deployer) per deploy task.</summary>
public sealed partial class BuildContext
{
    private DeployTarget? _azureTarget;

    /// <summary>The real Azure target of this run, resolved once (credential checked with one token request).</summary>
    internal async Task<DeployTarget> GetAzureTargetAsync(CancellationToken ct = default) =>
        _azureTarget ??= await DeployTarget.ForAzureAsync(TargetEnvironment, ct: ct);

    /// <summary>
    /// Opens a session against the selected environment: for the sandbox the run's in-process sandbox, for Azure it
    /// resolves the credential (failing fast in one line when there is none).
    /// </summary>
    internal async Task<DeploySession> OpenDeploySessionAsync(CancellationToken ct = default)
    {
        var environment = TargetEnvironment;
        var identity = DeployedIdentity();
        var options = new DeployOptions
        {
            WhatIf = Settings.WhatIf,
            AllowDelete = Settings.AllowDelete,
            RunId = Settings.PipelineRunId ?? "",
            Version = identity.Version,
            Commit = identity.Commit,
            Lock = new LockSettings { Wait = Settings.LockTimeout },
        };

        var target = environment.Kind == EnvironmentKind.Sandbox
            ? SandboxSession.For(await GetSandboxAsync(ct), environment)
            : await GetAzureTargetAsync(ct);
        return new DeploySession(this, target, options);
    }

    /// <summary>
    /// What the phase record says was deployed: the release's own identity when deploying --from-release (the bytes
    /// that were reviewed), otherwise the version and commit a release built from this checkout would carry.
    /// </summary>
    private ReleaseIdentity DeployedIdentity()
    {
        if (Release is { } release)
        {
            return release.Manifest.Identity;
        }

        try
        {
            return ReleaseIdentity.FromGit(Layout.Root);
        }
        catch (ToolkitException ex)
        {
            this.Warning("Deploying from a folder without git history: the phase record says version 0.0.0, commit unknown ({0})", ex.Message);
            return new ReleaseIdentity("0.0.0", "unknown", ReleaseIdentity.CurrentToolkitVersion, ReleaseIdentity.CurrentBicepVersion);
        }
    }
}

/// <summary>One deploy task's connection to its environment (the run's sandbox, if any, is owned by the context).</summary>
internal sealed class DeploySession(BuildContext context, DeployTarget target, DeployOptions options) : IAsyncDisposable
{
    public DeployTarget Target { get; } = target;

    public PhaseDeployer Deployer { get; } = new(target, context.Artifacts, options, line => context.Information("{0}", line), context.Layout.Display);

    public ValueTask DisposeAsync()
    {
        Deployer.Dispose();
        return ValueTask.CompletedTask;
    }
}
