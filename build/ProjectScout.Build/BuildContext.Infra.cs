using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Build;

public sealed partial class BuildContext
{
    private BicepSession? _bicep;

    /// <summary>
    /// The run's one Bicep process (bicep jsonrpc --stdio), started on first use and shared by every task; the host
    /// stops it when the run ends.
    /// </summary>
    public BicepSession Bicep => _bicep ??= Own(new BicepSession());

    /// <summary>Compiles, parameters and snapshots for the target environment (artifacts/&lt;env&gt;/infra, snapshots).</summary>
    public InfraBuildService InfraBuild => new(Layout);

    /// <summary>The offline policy check over the predicted resources, and its persisted results (all passes and failures).</summary>
    public InfraPolicyResults InfraPolicies => new(Layout);
}
