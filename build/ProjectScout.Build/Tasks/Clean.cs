using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks;

[TaskName(nameof(Clean))]
[TaskDescription("Delete everything the toolkit generated (artifacts/), except the sandbox's persisted state.")]
public sealed class Clean : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.Clean);
}
