using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Faults;

namespace ProjectScout.Build;

/// <summary>The sandbox side of the context: one in-process sandbox per run, started on first use.</summary>
public sealed partial class BuildContext
{
    private readonly SemaphoreSlim _sandboxGate = new(1, 1);
    private SandboxServer? _sandbox;

    /// <summary>
    /// The run's sandbox, started in-process on the first call (ephemeral ports, state in
    /// <see cref="Toolkit.Layout.ToolkitLayout.SandboxState"/>, faults from PROJECTSCOUT_SANDBOX_FAULTS / PROJECTSCOUT_SANDBOX_RATE_LIMIT).
    /// Deployments are evaluated by the run's Bicep process (<see cref="Bicep"/>); the context stops the sandbox when the
    /// run ends. Clients of it trust only <see cref="SandboxServer.Certificate"/> (see docs/sandbox.md).
    /// </summary>
    public async Task<SandboxServer> GetSandboxAsync(CancellationToken cancellationToken = default)
    {
        await _sandboxGate.WaitAsync(cancellationToken);
        try
        {
            if (SandboxProgram.RunningSandboxProcess(Layout.SandboxState) is { } process)
            {
                throw new Toolkit.Diagnostics.ToolkitException(
                    $"A standalone sandbox (process {process}) is using {Layout.Display(Layout.SandboxState)}. Stop it (Ctrl+C in its terminal) before running a target against the sandbox environment.");
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

            var tenant = TargetEnvironment.Azure.TenantId;
            var options = new SandboxOptions
            {
                StateDirectory = Layout.SandboxState,
                Faults = faults,
                TenantId = string.IsNullOrEmpty(tenant) ? null : tenant,

                // Deployments are evaluated by the run's one Bicep process, started only if something deploys.
                TemplateEvaluator = new Toolkit.Bicep.BicepTemplateEvaluator(() => Bicep.Client),
            };
            return _sandbox = Own(await SandboxServer.StartAsync(options, cancellationToken));
        }
        finally
        {
            _sandboxGate.Release();
        }
    }

    /// <summary>Stops the run's sandbox now if one was started (the context also stops it when the run ends).</summary>
    public async ValueTask StopSandboxAsync()
    {
        if (_sandbox is { } sandbox)
        {
            _sandbox = null;
            await sandbox.DisposeAsync();
        }
    }
}
