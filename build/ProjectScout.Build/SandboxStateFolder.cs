using ProjectScout.Sandbox;
using ProjectScout.Sandbox.State;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Build;

/// <summary>The sandbox's state folder as the sandbox handles it, for the toolkit's <see cref="SandboxStateReset"/> (the toolkit does not reference the sandbox).</summary>
internal sealed class SandboxStateFolder : ISandboxState
{
    public IReadOnlyList<string> SeedNames => SandboxSeeds.Names;

    public int? RunningProcess(string stateDirectory) => SandboxProgram.RunningSandboxProcess(stateDirectory);

    public IReadOnlyList<string> Reset(string stateDirectory) => SandboxServer.Reset(stateDirectory);

    public IReadOnlyList<string> Seed(string stateDirectory, string name, string subscriptionId, string tenantId) =>
        SandboxSeeds.Load(stateDirectory, name, subscriptionId, tenantId);
}
