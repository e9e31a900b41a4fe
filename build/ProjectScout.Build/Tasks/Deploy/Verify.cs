using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(Verify))]
[TaskDescription("Check every recorded phase: each resource the Bicep snapshot predicts exists with its key properties; every job, policy and notebook matches. The artifacts are rebuilt first (or taken from --from-release), never read stale.")]
[IsDependentOn(typeof(ResolveDeployTarget))]
[IsDependentOn(typeof(Validate.Validate))]
[IsDependentOn(typeof(Release.VerifyRelease))]
public sealed class Verify : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => PhaseRunner.VerifyAsync(context);
}
