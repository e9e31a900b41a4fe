using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Build.Tasks.Deploy;

/// <summary>The in-process sandbox for --environment=sandbox (filled in when the sandbox lands).</summary>
internal sealed class SandboxSession : IAsyncDisposable
{
    public required DeployTarget Target { get; init; }

    public static Task<SandboxSession> StartAsync(BuildContext context, CancellationToken ct) =>
        throw new Toolkit.Diagnostics.ToolkitException("The sandbox is not available in this build.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
