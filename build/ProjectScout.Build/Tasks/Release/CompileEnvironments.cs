using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Release;

[TaskName(nameof(CompileEnvironments))]
[TaskDescription("Compile, snapshot and policy-check the templates of every other environment (Validate did the selected one), so the release and its documents cover all of them.")]
[IsDependentOn(typeof(Validate.Validate))]
internal sealed class CompileEnvironments : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.CompileEnvironments);
}
