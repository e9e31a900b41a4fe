using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Validate;

[TaskName(nameof(ValidateEnvironments))]
[TaskDescription("Load every environment file under templates/environments and check names, networks, e-mails and schedules.")]
internal sealed class ValidateEnvironments : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.ValidateEnvironments);
}
