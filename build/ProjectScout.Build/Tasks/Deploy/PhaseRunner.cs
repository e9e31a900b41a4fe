using Cake.Common.Diagnostics;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>What every DeployPhaseN task does: open a session (starting the sandbox when needed) and deploy the phase.</summary>
internal static class PhaseRunner
{
    public static async Task RunAsync(BuildContext context, int phase)
    {
        await using var session = await context.OpenDeploySessionAsync();
        await session.Deployer.DeployAsync(phase);

        // In Azure Pipelines the Markdown plan becomes a tab of the run's summary.
        if (string.Equals(Environment.GetEnvironmentVariable("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase))
        {
            context.Information("##vso[task.uploadsummary]{0}", Path.Combine(context.Artifacts.Plan, $"phase{phase}.md"));
        }
    }
}
