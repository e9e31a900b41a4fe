using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Toolkit.Environments;

/// <summary>
/// The SandboxReset target: the sandbox's persisted state (artifacts/sandbox/state) deleted, so the next run starts with
/// an empty Azure and workspace, or with --seed=&lt;name&gt;'s resources. Refused, before anything is deleted, for an
/// unknown seed, a seed aimed at a real environment, or while a standalone sandbox holds the state in memory.
/// </summary>
public static class SandboxStateReset
{
    public static void Run(BuildState state, ISandboxState sandbox)
    {
        var layout = state.Layout;
        var directory = layout.SandboxState;
        var seed = state.Settings.Seed;
        if (seed is not null && !sandbox.SeedNames.Contains(seed, StringComparer.Ordinal))
        {
            throw new ToolkitException($"Argument --{ArgumentNames.Seed}: there is no sandbox seed '{seed}'; use one of {string.Join(", ", sandbox.SeedNames)}.");
        }

        var environment = state.TargetEnvironment;
        if (seed is not null && environment.Kind != EnvironmentKind.Sandbox)
        {
            throw new ToolkitException($"Argument --{ArgumentNames.Seed} seeds the sandbox, but '{environment.Name}' is a real environment; name a sandbox environment (--environment=sandbox).");
        }

        if (sandbox.RunningProcess(directory) is { } process)
        {
            throw new ToolkitException($"A standalone sandbox (process {process}) is running on {layout.Display(directory)}; stop it with Ctrl+C first, then reset.");
        }

        var log = state.Log;
        var removed = sandbox.Reset(directory);
        if (removed.Count == 0)
        {
            log.Information($"Sandbox state is already empty ({layout.Display(directory)}).");
        }

        foreach (var file in removed)
        {
            log.Information($"Deleted {layout.Display(file)}");
        }

        if (seed is not null)
        {
            var written = sandbox.Seed(directory, seed, environment.Azure.SubscriptionId, environment.Azure.TenantId);
            log.Information($"Seeded the sandbox with '{seed}' ({written.Count} resource groups and resources, subscription {environment.Azure.SubscriptionId}):");
            foreach (var id in written)
            {
                log.Information($"  {id}");
            }
        }
    }
}
