namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>What every DeployPhaseN task does: open a session (starting the sandbox when needed) and deploy the phase.</summary>
internal static class PhaseRunner
{
    public static async Task RunAsync(BuildContext context, int phase)
    {
        await using var session = await context.OpenDeploySessionAsync();
        await session.Deployer.DeployAsync(phase);
    }
}
