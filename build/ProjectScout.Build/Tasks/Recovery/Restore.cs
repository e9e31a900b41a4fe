using ProjectScout.Build.Hosting;
using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Toolkit.Recovery;

namespace ProjectScout.Build.Tasks.Recovery;

[TaskName(nameof(Restore))]
[TaskDescription("Plan (and with --apply run) the recovery of --table=<layer.table> or --layer=<layer> to --to-version=<n>, --to-timestamp=<time> or --from-backup: RESTORE TABLE or a deep clone back from the backup catalog.")]
[IsDependentOn(typeof(ResolveDeployTarget))]
public sealed class Restore : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => RestoreRun.RunAsync(context.State, ct => DeploySession.TargetAsync(context, ct), DeploySession.TerminalQuestion);
}
