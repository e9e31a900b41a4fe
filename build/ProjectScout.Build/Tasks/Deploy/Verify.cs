using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(Verify))]
[TaskDescription("Check every recorded phase: each resource the Bicep snapshot predicts exists with its key properties; every job, policy and notebook matches.")]
[IsDependentOn(typeof(ResolveDeployTarget))]
public sealed class Verify : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => PhaseRunner.VerifyAsync(context);
}
