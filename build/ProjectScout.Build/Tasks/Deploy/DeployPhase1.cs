using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(DeployPhase1))]
[TaskDescription("Phase 1: network, monitoring, storage, Key Vault and the Databricks workspace, then the workspace content (cluster policies, notebooks, jobs, secret scope): plan → apply → verify → record. --what-if stops after the plan.")]
[IsDependentOn(typeof(RequireApproval))]
[IsDependentOn(typeof(ResolveDeployTarget))]
[IsDependentOn(typeof(Validate.Validate))]
[IsDependentOn(typeof(Release.VerifyRelease))]
public sealed class DeployPhase1 : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => PhaseRunner.RunAsync(context, 1);
}
