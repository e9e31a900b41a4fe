namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>What every DeployPhaseN task does: open a session (starting the sandbox when needed) and deploy the phase.</summary>
internal static class PhaseRunner
{
    public static async Task RunAsync(BuildContext context, int phase)
    {
        await using var session = await context.OpenDeploySessionAsync();
        await session.Deployer.DeployAsync(phase);

        // In Azure Pipelines the Markdown plan becomes a tab of the run's summary. Written raw: a logging command must
        // start its line, without the colour codes the Cake log adds.
        var summary = Path.Combine(context.Artifacts.Plan, $"phase{phase}.md");
        if (ProjectScout.Toolkit.Release.AzurePipelinesAnnotations.IsRunningOnAzurePipelines() && File.Exists(summary))
        {
            Console.WriteLine("##vso[task.uploadsummary]" + summary);
        }
    }
}
