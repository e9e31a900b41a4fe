using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>
/// What every DeployPhaseN task does: open a session (starting the sandbox when needed), deploy the phase, then save
/// the deployment record and regenerate the environment's documents, so they never say "no deployment record" after a
/// deploy (a --what-if run changes neither).
/// </summary>
internal static class PhaseRunner
{
    public static async Task RunAsync(BuildContext context, int phase)
    {
        // Once per run, before its first phase: another run's Validate may remove the stamp while this one deploys.
        if (!context.State.Target.DeployableInputsChecked)
        {
            Toolkit.Steps.ValidationStamp.Require(context.State.Layout, context.State.Target.Name);
            context.State.Target.DeployableInputsChecked = true;
        }

        await using var session = await DeploySession.OpenAsync(context);
        PhaseOutcome outcome;
        try
        {
            outcome = await session.Deployer.DeployAsync(phase);
        }
        finally
        {
            // In Azure Pipelines the Markdown plan becomes a tab of the run's summary, also when the run was refused.
            var summary = Path.Combine(context.State.Target.Artifacts.Plan, $"phase{phase}.md");
            if (ProjectScout.Toolkit.Release.AzurePipelinesAnnotations.IsRunningOnAzurePipelines() && File.Exists(summary))
            {
                DeploySession.PipelineCommand(context)("##vso[task.uploadsummary]" + summary);
            }
        }

        context.State.Plans.Add(outcome.Plan);
        if (!context.Settings.WhatIf)
        {
            await RecordAndDocumentAsync(context, session);
        }

        if (context.Settings.PlanOut is { } planOut)
        {
            var path = Path.GetFullPath(planOut, context.Layout.Root);
            GeneratedFiles.Write(path, PlanDocument.ToJson(context.State.TargetEnvironment.Name, context.State.Plans));
            Cake.Common.Diagnostics.LoggingAliases.Information(context, "Plan saved to {0}; apply exactly it with --plan={0}.", context.Layout.Display(path));
        }
    }

    /// <summary>Verify: every recorded phase checked against its snapshot and bundle.</summary>
    public static async Task VerifyAsync(BuildContext context)
    {
        await using var session = await DeploySession.OpenAsync(context);
        var phases = await session.Deployer.VerifyRecordedAsync();
        Cake.Common.Diagnostics.LoggingAliases.Information(context, "Verified phase(s) {0} of '{1}'.", string.Join(", ", phases), context.State.TargetEnvironment.Name);
    }

    /// <summary>Unlock: the lease named by --lock-token removed from the environment's resource group, and who held it logged.</summary>
    public static async Task UnlockAsync(BuildContext context)
    {
        var environment = context.State.Target.Name;
        var token = context.Settings.LockToken ?? throw new Model.Diagnostics.ToolkitException(
            $"Unlock needs --{Toolkit.Configuration.ArgumentNames.LockToken}=<token>: the lock token a waiting deploy prints (\"... with lock token <token>\").");
        await using var session = await DeploySession.OpenAsync(context);
        var broken = await Toolkit.Deployment.DeploymentLock.BreakAsync(session.Deployer.Connection.Tags, environment, token, CancellationToken.None);
        Cake.Common.Diagnostics.LoggingAliases.Warning(context, "Broke the deployment lock of '{0}' held by {1}.", environment, broken.Describe());
    }

    /// <summary>RecordDeployment: the resource group's phase tags saved, then the target's documents regenerated.</summary>
    public static async Task RecordAsync(BuildContext context)
    {
        await using var session = await DeploySession.OpenAsync(context);
        await RecordAndDocumentAsync(context, session);
    }

    private static async Task RecordAndDocumentAsync(BuildContext context, DeploySession session)
    {
        var tags = (await session.Target.CreateArmClient().GetResourceGroupAsync(session.Target.Scope))?.Tags;
        var target = context.State.Target;
        var phases = Toolkit.Docs.LakehouseModelLoader.SaveDeploymentRecord(target.Artifacts, tags);
        Cake.Common.Diagnostics.LoggingAliases.Information(context, "{0}: {1} phase(s) recorded on {2}; regenerating its documents.",
            target.Name, phases, target.Definition.Azure.ResourceGroup);
        await new Toolkit.Steps.Document(Toolkit.Steps.EnvironmentScope.Target).ApplyAsync(context.State);
    }
}
