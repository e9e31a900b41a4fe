using Microsoft.Extensions.Hosting;

namespace ProjectScout.Sandbox.Hosting;

/// <summary>
/// The sandbox runs inside other processes (the build host, tests): it must not take over their Ctrl+C / SIGTERM
/// handling as the default console lifetime would. Whoever starts it decides when to stop it.
/// </summary>
internal sealed class InProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
