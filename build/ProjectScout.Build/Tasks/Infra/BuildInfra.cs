using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Infra;

[TaskName(nameof(BuildInfra))]
[TaskDescription("Generate phase parameters from the environment file, compile and lint every Bicep template in one Bicep process, and snapshot each phase (skipped when inputs are unchanged).")]
[IsDependentOn(typeof(Validate.ValidateEnvironments))]
internal sealed class BuildInfra : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.BuildInfra);
}
