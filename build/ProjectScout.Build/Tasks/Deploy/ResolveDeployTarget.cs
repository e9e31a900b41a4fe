using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>
/// Runs before Validate in every deploy target: resolves the Azure credential and subscription of a real environment,
/// so a missing credential fails the run in one line before any compile work.
/// </summary>
[TaskName(nameof(ResolveDeployTarget))]
[TaskDescription("Resolve the Azure credential and subscription of the target environment (fails fast, in one line, when there is none).")]
public sealed class ResolveDeployTarget : AsyncBuildTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => context.TargetEnvironment.Kind == EnvironmentKind.Azure;

    public override string SkippedMessage => "the sandbox needs no credential";

    public override async Task RunAsync(BuildContext context)
    {
        var target = await context.GetAzureTargetAsync();
        context.Information("Deploying to subscription {0}, resource group {1}, credential '{2}'.",
            target.Scope.SubscriptionId, target.Scope.ResourceGroup, context.TargetEnvironment.Azure.Credential);
    }
}
