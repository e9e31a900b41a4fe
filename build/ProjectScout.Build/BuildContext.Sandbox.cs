using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Faults;

namespace ProjectScout.Build;

/// <summary>The sandbox side of the context: one in-process sandbox per run, started on first use.</summary>
public sealed partial class BuildContext
{
    private readonly SemaphoreSlim _sandboxGate = new(1, 1);
    private SandboxServer? _sandbox;

    /// <summary>artifacts/sandbox/state: the sandbox's persisted Azure and workspace (Clean keeps it; SandboxReset clears it).</summary>
    public string SandboxStateDirectory => Path.Combine(Layout.Artifacts, "sandbox", "state");

    /// <summary>
    /// The run's sandbox, started in-process on the first call (ephemeral ports, state in
    /// <see cref="SandboxStateDirectory"/>, faults from PROJECTSCOUT_SANDBOX_FAULTS / PROJECTSCOUT_SANDBOX_RATE_LIMIT).
    /// Clients of it trust only <see cref="SandboxServer.Certificate"/> (see docs/sandbox.md).
    /// </summary>
    public async Task<SandboxServer> GetSandboxAsync(CancellationToken cancellationToken = default)
    {
        await _sandboxGate.WaitAsync(cancellationToken);
        try
        {
            if (SandboxProgram.RunningSandboxProcess(SandboxStateDirectory) is { } process)
            {
                throw new Toolkit.Diagnostics.ToolkitException(
                    $"A standalone sandbox (process {process}) is using {Layout.Display(SandboxStateDirectory)}. Stop it (Ctrl+C in its terminal) before running a target against the sandbox environment.");
            }

            if (_sandbox is not null)
            {
                return _sandbox;
            }

            FaultSettings faults;
            try
            {
                faults = FaultSettings.FromEnvironment();
            }
            catch (Exception ex) when (ex is ArgumentException or IOException)
            {
                throw new Toolkit.Diagnostics.ToolkitException($"Sandbox fault configuration: {ex.Message}", ex);
            }

            return _sandbox = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = SandboxStateDirectory, Faults = faults }, cancellationToken);
        }
        finally
        {
            _sandboxGate.Release();
        }
    }

    /// <summary>Stops the run's sandbox if one was started (call from DisposeAsync).</summary>
    public async ValueTask StopSandboxAsync()
    {
        if (_sandbox is { } sandbox)
        {
            _sandbox = null;
            await sandbox.DisposeAsync();
        }
    }
}
