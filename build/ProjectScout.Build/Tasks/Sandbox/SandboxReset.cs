using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Build.Tasks.Sandbox;

[TaskName(nameof(SandboxReset))]
[TaskDescription("Delete the sandbox's persisted state (artifacts/sandbox/state): the next run starts with an empty Azure and workspace, or with --seed=<name>'s resources (original: the original system's).")]
public sealed class SandboxReset : BuildTask<BuildContext>
{
    public override void Run(BuildContext context) => SandboxStateReset.Run(context.State, new SandboxStateFolder());
}
