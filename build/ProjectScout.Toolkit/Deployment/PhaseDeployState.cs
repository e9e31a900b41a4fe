using ProjectScout.Model.Arm;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment.Planes;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// The typed state one phase's deploy steps pass along. <see cref="Connection"/> and <see cref="Phase"/> are given;
/// every other member is written by the step that names it in its <see cref="IDeployStep.Updates"/>.
/// </summary>
public sealed class PhaseDeployState(DeployConnection connection, DeployPhase phase)
{
    public DeployConnection Connection { get; } = connection;

    public DeployPhase Phase { get; } = phase;

    /// <summary>The compiled template, parameters and snapshot of the phase (LoadInputs).</summary>
    public PhaseInputs Inputs { get; set; } = null!;

    /// <summary>The resource group as it is before this run: null when it does not exist yet (LoadInputs).</summary>
    public ResourceGroupInfo? Group { get; set; }

    /// <summary>The phase's outputs: of the deployment already in the history (Plan), then of this run's (Apply).</summary>
    public DeploymentOutputs? Outputs { get; set; }

    /// <summary>Each plane's plan, in the phase's plane order (Plan).</summary>
    public IReadOnlyList<PlaneChanges> PlaneChanges { get; set; } = [];

    /// <summary>The joined plan (Plan).</summary>
    public PhasePlan? Plan { get; set; }

    /// <summary>The environment's lease while the phase writes (AcquireLock); released when the pipeline ends.</summary>
    public DeploymentLock? Lease { get; set; }

    public bool Applied { get; set; }

    public bool Recorded { get; set; }

    /// <summary>Set by a step that ends the run early (nothing further to do, and it said why).</summary>
    public bool Finished { get; set; }

    public int Number => Phase.Number;

    /// <summary>The phase's record on the resource group as read before this run.</summary>
    public PhaseRecord? Record => PhaseRecord.Read(Group?.Tags, Number);

    /// <summary>Nothing to change and the record names this very deployment: the run verifies and writes nothing.</summary>
    public bool IsUpToDate => Plan is { HasChanges: false } && Record?.Deployment == Inputs.DeploymentName;
}
