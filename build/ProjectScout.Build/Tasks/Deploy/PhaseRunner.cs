using Cake.Common.Diagnostics;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>What every DeployPhaseN task does: open a session, deploy the phase, print the plan summary.</summary>
internal static class PhaseRunner
{
    public static async Task RunAsync(BuildContext context, int phase)
    {
        await using var session = await context.OpenDeploySessionAsync();
        var outcome = await session.Deployer.DeployAsync(phase);
        context.Information("{0}", outcome.Plan.SummaryLine);
    }
}
