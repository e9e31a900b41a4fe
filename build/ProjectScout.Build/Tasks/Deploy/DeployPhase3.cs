using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(DeployPhase3))]
[TaskDescription("Phase 3: the resources of templates/infra phase 3 (requires phase 2 recorded): plan → apply → verify → record. --what-if stops after the plan.")]
[IsDependentOn(typeof(RequireApproval))]
[IsDependentOn(typeof(ResolveDeployTarget))]
[IsDependentOn(typeof(Validate.Validate))]
[IsDependentOn(typeof(Release.VerifyRelease))]
public sealed class DeployPhase3 : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => PhaseRunner.RunAsync(context, 3);
}
