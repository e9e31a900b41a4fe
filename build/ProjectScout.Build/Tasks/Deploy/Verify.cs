using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(Verify))]
[TaskDescription("Check every recorded phase: each resource the Bicep snapshot predicts exists with its key properties; every job, policy and notebook matches.")]
[IsDependentOn(typeof(ResolveDeployTarget))]
public sealed class Verify : AsyncBuildTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        await using var session = await context.OpenDeploySessionAsync();
        var phases = await session.Deployer.VerifyRecordedAsync();
        context.Information("Verified phase(s) {0} of '{1}'.", string.Join(", ", phases), context.TargetEnvironment.Name);
    }
}
