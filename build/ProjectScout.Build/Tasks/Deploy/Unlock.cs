using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(Unlock))]
[TaskDescription("Break the environment's deployment lock named by --lock-token=<token> (like terraform force-unlock), when its holder is known to be gone.")]
[IsDependentOn(typeof(ResolveDeployTarget))]
public sealed class Unlock : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => PhaseRunner.UnlockAsync(context);
}
