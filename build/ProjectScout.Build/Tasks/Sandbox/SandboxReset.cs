using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.State;
using ProjectScout.Toolkit.Configuration;

namespace ProjectScout.Build.Tasks.Sandbox;

[TaskName(nameof(SandboxReset))]
[TaskDescription("Delete the sandbox's persisted state (artifacts/sandbox/state): the next run starts with an empty Azure and workspace, or with --seed=<name>'s resources (original: the original system's).")]
public sealed class SandboxReset : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var directory = context.Layout.SandboxState;
        var seed = context.Settings.Seed;
        if (seed is not null && !SandboxSeeds.Names.Contains(seed, StringComparer.Ordinal))
        {
            throw new ToolkitException($"Argument --{ArgumentNames.Seed}: there is no sandbox seed '{seed}'; use one of {string.Join(", ", SandboxSeeds.Names)}.");
        }

        var environment = context.State.TargetEnvironment;
        if (seed is not null && environment.Kind != EnvironmentKind.Sandbox)
        {
            throw new ToolkitException($"Argument --{ArgumentNames.Seed} seeds the sandbox, but '{environment.Name}' is a real environment; name a sandbox environment (--environment=sandbox).");
        }

        if (SandboxProgram.RunningSandboxProcess(directory) is { } process)
        {
            throw new ToolkitException($"A standalone sandbox (process {process}) is running on {context.Layout.Display(directory)}; stop it with Ctrl+C first, then reset.");
        }

        var removed = SandboxServer.Reset(directory);
        if (removed.Count == 0)
        {
            context.Information("Sandbox state is already empty ({0}).", context.Layout.Display(directory));
        }

        foreach (var file in removed)
        {
            context.Information("Deleted {0}", context.Layout.Display(file));
        }

        if (seed is not null)
        {
            var written = SandboxSeeds.Load(directory, seed, environment.Azure.SubscriptionId, environment.Azure.TenantId);
            context.Information("Seeded the sandbox with '{0}' ({1} resource groups and resources, subscription {2}):", seed, written.Count, environment.Azure.SubscriptionId);
            foreach (var id in written)
            {
                context.Information("  {0}", id);
            }
        }
    }
}
