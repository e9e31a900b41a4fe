using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>
/// Runs before Validate in every deploy target: resolves the Azure credential and subscription of a real environment,
/// so a missing credential fails the run in one line before any compile work.
/// </summary>
[TaskName(nameof(ResolveDeployTarget))]
[TaskDescription("Resolve the Azure credential and subscription of the target environment (fails fast, in one line, when there is none).")]
internal sealed class ResolveDeployTarget : AsyncBuildTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => context.State.TargetEnvironment.Kind == EnvironmentKind.Azure;

    public override string SkippedMessage => "the sandbox needs no credential";

    public override async Task RunAsync(BuildContext context)
    {
        var environment = context.State.TargetEnvironment;
        var target = await context.Resources.GetAzureTargetAsync(environment);
        context.Information("Deploying to subscription {0}, resource group {1}, credential '{2}'.",
            target.Scope.SubscriptionId, target.Scope.ResourceGroup, environment.Azure.Credential);
    }
}
