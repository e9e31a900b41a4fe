using Cake.Common.Diagnostics;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Quality;
using ProjectScout.Toolkit.Recovery;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>One deploy task's connection to its environment (the run's sandbox, if any, is owned by the run's resources).</summary>
internal sealed class DeploySession(DeployTarget target, PhaseDeployer deployer) : IAsyncDisposable
{
    public DeployTarget Target { get; } = target;

    public PhaseDeployer Deployer { get; } = deployer;

    /// <summary>
    /// Opens a session against the target environment: for the sandbox the run's in-process sandbox, for Azure it
    /// resolves the credential (failing fast in one line when there is none).
    /// </summary>
    public static async Task<DeploySession> OpenAsync(BuildContext context, CancellationToken ct = default)
    {
        var environment = context.State.TargetEnvironment;
        var identity = DeployedIdentity(context);
        var options = new DeployOptions
        {
            WhatIf = context.Settings.WhatIf,
            AllowDelete = context.Settings.AllowDelete,
            AcceptBreaking = context.Settings.AcceptBreaking,
            RunId = context.Settings.PipelineRunId ?? "",
            Version = identity.Version,
            Commit = identity.Commit,
            Lock = new LockSettings { Wait = context.Settings.LockTimeout },
            PipelineCommand = AzurePipelinesAnnotations.IsRunningOnAzurePipelines() ? PipelineCommand(context) : null,
            Complete = context.Settings.Complete,
            SmokeRun = environment.Kind == EnvironmentKind.Sandbox || context.Settings.SmokeRun,
            SmokeRunPollInterval = environment.Kind == EnvironmentKind.Sandbox ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(30),
            SavedPlan = context.Settings.PlanFile is { } saved ? PlanDocument.Read(Path.GetFullPath(saved, context.Layout.Root), context.Layout.Display) : null,
            Confirm = AsksBeforeApply(context, environment) ? ConfirmOnTerminal : null,
            Access = new AccessDesired(context.State.Governance, context.State.Contracts, environment, context.State.Lakehouse.UnityCatalog.CatalogSchemas) { RevokeUnmanagedGrants = context.Settings.RevokeUnmanagedGrants, Backup = BackupTarget.Of(environment, context.State.Lakehouse),
                Dashboards = [QualityDashboard.Spec(context.State.Lakehouse, environment.Databricks.Catalog)] },
        };

        var target = await TargetAsync(context, ct);
        var deployer = new PhaseDeployer(target, context.State.Target.Artifacts, options, line => context.Information("{0}", line), context.Layout.Display);
        return new DeploySession(target, deployer);
    }

    /// <summary>The target environment's deploy target: the run's in-process sandbox, or Azure with the run's credential.</summary>
    public static async Task<DeployTarget> TargetAsync(BuildContext context, CancellationToken ct = default)
    {
        var environment = context.State.TargetEnvironment;
        return environment.Kind == EnvironmentKind.Sandbox
            ? SandboxSession.For(await context.Resources.GetSandboxAsync(environment, ct), environment)
            : await context.Resources.GetAzureTargetAsync(environment, ct);
    }

    /// <summary>Asks a question on the terminal (stderr, so stdout stays the plan's) and says whether the answer was 'yes'; null without a terminal.</summary>
    public static Func<string, bool>? TerminalQuestion => Console.IsInputRedirected ? null : AnsweredYes;

    /// <summary>
    /// A real environment asks on the terminal before it applies; the sandbox never does, --auto-approve is a
    /// pipeline's explicit opt-in, and a saved plan (--plan) was reviewed when it was saved. Without a terminal the run
    /// was refused before it started (<see cref="RequireApproval"/>).
    /// </summary>
    public static bool AsksBeforeApply(BuildContext context, EnvironmentDefinition environment) =>
        environment.Kind != EnvironmentKind.Sandbox && !context.Settings.WhatIf && !context.Settings.AutoApprove && context.Settings.PlanFile is null;

    private static bool ConfirmOnTerminal(PhasePlan plan) =>
        AnsweredYes($"{plan.SummaryLine}\nApply phase {plan.Phase} to '{plan.Environment}'? Only 'yes' applies it: ");

    private static bool AnsweredYes(string question)
    {
        Console.Error.Write(question);
        return Console.In.ReadLine()?.Trim() == "yes";
    }

    /// <summary>
    /// Writes an Azure Pipelines logging command raw (it must start its line, without the log's colour codes); on stderr
    /// when stdout carries the JSON plan.
    /// </summary>
    public static Action<string> PipelineCommand(BuildContext context) =>
        context.Settings.JsonOutput ? Console.Error.WriteLine : Console.Out.WriteLine;

    public ValueTask DisposeAsync()
    {
        Deployer.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// What the phase record says was deployed: the release's own identity when deploying --from-release (the bytes
    /// that were reviewed), otherwise the version and commit a release built from this checkout would carry.
    /// </summary>
    private static ReleaseIdentity DeployedIdentity(BuildContext context)
    {
        if (context.State.Release is { } release)
        {
            return release.Manifest.Identity;
        }

        try
        {
            return ReleaseIdentity.FromGit(context.Layout.Root);
        }
        catch (ToolkitException ex)
        {
            context.Warning("Deploying from a folder without git history: the phase record says version 0.0.0, commit unknown ({0})", ex.Message);
            return new ReleaseIdentity("0.0.0", "unknown", ReleaseIdentity.CurrentToolkitVersion, ReleaseIdentity.CurrentBicepVersion);
        }
    }
}
