using System.Runtime.InteropServices;
using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Sandbox;

namespace ProjectScout.Build.Tasks.Sandbox;

[TaskName(nameof(Sandbox))]
[TaskDescription("Run the local ARM + Databricks sandbox standalone (state in artifacts/sandbox/state), print its endpoints, until Ctrl+C.")]
public sealed class Sandbox : AsyncBuildTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });

        var server = await context.Resources.GetSandboxAsync(context.State.TargetEnvironment, stop.Token);
        var connectionFile = SandboxProgram.WriteConnectionFile(server);
        try
        {
            foreach (var line in SandboxProgram.Describe(server, context.Layout.Display(connectionFile)))
            {
                context.Information(line);
            }

            context.Information("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            context.Information("Sandbox stopped after {0} requests; state kept in {1}.", server.Requests.Count(), context.Layout.Display(server.StateDirectory));
        }
        finally
        {
            File.Delete(connectionFile);
            await context.Resources.StopSandboxAsync();
        }
    }
}
