using System.Diagnostics;
using System.Reflection;
using Cake.Common.Diagnostics;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Toolkit.Environments;

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
        var options = new DeployOptions
        {
            WhatIf = Settings.WhatIf,
            AllowDelete = Settings.AllowDelete,
            RunId = Settings.PipelineRunId ?? "",
            Version = ToolkitVersion(),
            Commit = SourceCommit(Layout.Root),
            Lock = new LockSettings { Wait = Settings.LockTimeout },
        };

        var target = environment.Kind == EnvironmentKind.Sandbox
            ? SandboxSession.For(await GetSandboxAsync(ct), environment)
            : await GetAzureTargetAsync(ct);
        return new DeploySession(this, target, options);
    }

    private static string ToolkitVersion() =>
        typeof(PhaseDeployer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The commit being deployed: Azure Pipelines' BUILD_SOURCEVERSION, else git's HEAD.</summary>
    private static string SourceCommit(string root)
    {
        if (System.Environment.GetEnvironmentVariable("BUILD_SOURCEVERSION") is { Length: > 0 } fromPipeline)
        {
            return fromPipeline[..Math.Min(12, fromPipeline.Length)];
        }

        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short=12 HEAD")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            var output = git?.StandardOutput.ReadToEnd().Trim() ?? "";
            git?.WaitForExit();
            return git?.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
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
