using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Infra;

[TaskName(nameof(CheckInfraPolicies))]
[TaskDescription("Check the predicted resources of every phase against the pre-deploy checklist (TLS, public access, network, soft delete, diagnostics, alerts, secrets, ARM limits).")]
[IsDependentOn(typeof(BuildInfra))]
internal sealed class CheckInfraPolicies : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.CheckInfraPolicies);
}
