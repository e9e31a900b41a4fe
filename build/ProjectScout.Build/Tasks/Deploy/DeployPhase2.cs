using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(DeployPhase2))]
[TaskDescription("Phase 2: the resources of templates/infra phase 2 (requires phase 1 recorded): plan → apply → verify → record. --what-if stops after the plan.")]
[IsDependentOn(typeof(RequireApproval))]
[IsDependentOn(typeof(ResolveDeployTarget))]
[IsDependentOn(typeof(Validate.Validate))]
[IsDependentOn(typeof(Release.VerifyRelease))]
public sealed class DeployPhase2 : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => PhaseRunner.RunAsync(context, 2);
}
