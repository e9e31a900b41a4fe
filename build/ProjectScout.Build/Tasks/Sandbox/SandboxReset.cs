using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox;

namespace ProjectScout.Build.Tasks.Sandbox;

[TaskName(nameof(SandboxReset))]
[TaskDescription("Delete the sandbox's persisted state (artifacts/sandbox/state): the next run starts with an empty Azure and workspace.")]
public sealed class SandboxReset : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var directory = context.Layout.SandboxState;
        if (SandboxProgram.RunningSandboxProcess(directory) is { } process)
        {
            throw new ToolkitException($"A standalone sandbox (process {process}) is running on {context.Layout.Display(directory)}; stop it with Ctrl+C first, then reset.");
        }

        var removed = SandboxServer.Reset(directory);
        if (removed.Count == 0)
        {
            context.Information("Sandbox state is already empty ({0}).", context.Layout.Display(directory));
            return;
        }

        foreach (var file in removed)
        {
            context.Information("Deleted {0}", context.Layout.Display(file));
        }
    }
}
