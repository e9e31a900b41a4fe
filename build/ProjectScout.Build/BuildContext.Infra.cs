using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Build;

public sealed partial class BuildContext
{
    private BicepSession? _bicep;
    private InfraBuildResult? _infraBuild;

    /// <summary>
    /// The run's one Bicep process (bicep jsonrpc --stdio), started on first use and shared by every task. It is
    /// stopped when the host process exits; closing our end of its stdin ends it too.
    /// </summary>
    public BicepSession Bicep
    {
        get
        {
            if (_bicep is null)
            {
                _bicep = new BicepSession();
                var session = _bicep;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => session.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            }

            return _bicep;
        }
    }

    /// <summary>Compiles, parameters and snapshots for the target environment (artifacts/&lt;env&gt;/infra, snapshots).</summary>
    public InfraBuildService InfraBuild => new(Layout);

    /// <summary>The offline policy check over the predicted resources, and its persisted results (all passes and failures).</summary>
    public InfraPolicyResults InfraPolicies => new(Layout);

    /// <summary>The result of BuildInfra in this run, for tasks that follow it.</summary>
    public InfraBuildResult? InfraBuildResult
    {
        get => _infraBuild;
        internal set => _infraBuild = value;
    }
}
