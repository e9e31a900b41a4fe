using ProjectScout.Build.Hosting;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Configuration;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>
/// Runs first in every deploy target: a real environment asks before it applies, so without a terminal to ask on the
/// run must say --auto-approve (a pipeline's explicit opt-in) — refused here, before credentials or compile work.
/// </summary>
[TaskName(nameof(RequireApproval))]
[TaskDescription("Refuse to deploy a real environment without a terminal to confirm on, unless --auto-approve (or --what-if, or a saved --plan) is given.")]
internal sealed class RequireApproval : BuildTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => DeploySession.AsksBeforeApply(context, context.State.TargetEnvironment);

    public override string SkippedMessage => "the sandbox, a preview, a saved plan or --auto-approve needs no confirmation";

    public override void Run(BuildContext context)
    {
        if (Console.IsInputRedirected)
        {
            throw new ToolkitException(
                $"Deploying to '{context.State.TargetEnvironment.Name}' asks for confirmation and there is no terminal to ask on: pass --{ArgumentNames.AutoApprove} " +
                $"(a pipeline's explicit opt-in), or --{ArgumentNames.WhatIf} to preview.");
        }
    }
}
