using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Build;

/// <summary>
/// What a run starts and must stop: the one Bicep process and the one in-process sandbox, each started on first use and
/// disposed, last started first, when the run ends; and the Azure target, resolved once. The sandbox holds an OS lock on
/// its state folder for the whole run: a second run on the same state waits up to <paramref name="sandboxStateWait"/>
/// (--lock-timeout) for the first to finish, saying so through <paramref name="log"/>, and never runs its own sandbox
/// on state another process holds.
/// </summary>
public sealed class RunResources(ToolkitLayout layout, TimeSpan sandboxStateWait = default, Action<string>? log = null) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly SemaphoreSlim _sandboxGate = new(1, 1);
    private BicepSession? _bicep;
    private SandboxServer? _sandbox;
    private DeployTarget? _azureTarget;

    /// <summary>
    /// The run's one Bicep process (bicep jsonrpc --stdio), started on first use and shared by every step and the
    /// sandbox's template evaluator.
    /// </summary>
    public BicepSession Bicep => _bicep ??= Own(new BicepSession());

    /// <summary>The real Azure target of this run, resolved once (credential checked with one token request).</summary>
    public async Task<DeployTarget> GetAzureTargetAsync(EnvironmentDefinition environment, CancellationToken ct = default) =>
        _azureTarget ??= await DeployTarget.ForAzureAsync(environment, ct: ct);

    /// <summary>
    /// The run's sandbox, started in-process on the first call (ephemeral ports, state in
    /// <see cref="ToolkitLayout.SandboxState"/>, faults from PROJECTSCOUT_SANDBOX_FAULTS / PROJECTSCOUT_SANDBOX_RATE_LIMIT).
    /// Deployments are evaluated by the run's Bicep process (<see cref="Bicep"/>); it is stopped when the run ends.
    /// Clients of it trust only <see cref="SandboxServer.Certificate"/> (see docs/sandbox.md).
    /// </summary>
    public async Task<SandboxServer> GetSandboxAsync(EnvironmentDefinition environment, CancellationToken cancellationToken = default)
    {
        await _sandboxGate.WaitAsync(cancellationToken);
        try
        {
            if (SandboxProgram.RunningSandboxProcess(layout.SandboxState) is { } process)
            {
                throw new ToolkitException(
                    $"A standalone sandbox (process {process}) is using {layout.Display(layout.SandboxState)}. Stop it (Ctrl+C in its terminal) before running a target against the sandbox environment.");
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
                throw new ToolkitException($"Sandbox fault configuration: {ex.Message}", ex);
            }

            var tenant = environment.Azure.TenantId;
            var options = new SandboxOptions
            {
                StateDirectory = layout.SandboxState,
                Faults = faults,
                TenantId = string.IsNullOrEmpty(tenant) ? null : tenant,

                // The AzureDatabricks application's object id in this tenant: a vault grant to another principal fails a run.
                AzureDatabricksObjectId = string.IsNullOrEmpty(environment.Databricks.AzureDatabricksObjectId) ? null : environment.Databricks.AzureDatabricksObjectId,

                // Deployments are evaluated by the run's one Bicep process, started only if something deploys.
                TemplateEvaluator = new Toolkit.Bicep.BicepTemplateEvaluator(() => Bicep.Client),
                StateLockWait = sandboxStateWait,
                OnWaitingForState = line => log?.Invoke(line.Replace(layout.SandboxState, layout.Display(layout.SandboxState), StringComparison.Ordinal)),
            };
            try
            {
                return _sandbox = Own(await SandboxServer.StartAsync(options, cancellationToken));
            }
            catch (Sandbox.State.StateDirectoryLockedException ex)
            {
                throw new ToolkitException(ex.Message.Replace(layout.SandboxState, layout.Display(layout.SandboxState), StringComparison.Ordinal) + " (--lock-timeout)");
            }
        }
        finally
        {
            _sandboxGate.Release();
        }
    }

    /// <summary>Stops the run's sandbox now if one was started (it is also stopped when the run ends).</summary>
    public async ValueTask StopSandboxAsync()
    {
        if (_sandbox is { } sandbox)
        {
            _sandbox = null;
            _owned.Remove(sandbox);
            await sandbox.DisposeAsync();
        }
    }

    /// <summary>Stops what the run started, last started first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
    }

    private T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}
