using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Deploy;

[TaskName(nameof(DeployAll))]
[TaskDescription("Deploy phases 1 → 2 → 3 in order, each planned, applied, verified and recorded.")]
[IsDependentOn(typeof(DeployPhase1))]
[IsDependentOn(typeof(DeployPhase2))]
[IsDependentOn(typeof(DeployPhase3))]
public sealed class DeployAll : AsyncBuildTask<BuildContext>;
