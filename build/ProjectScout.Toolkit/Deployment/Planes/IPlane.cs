namespace ProjectScout.Toolkit.Deployment.Planes;

/// <summary>
/// One plane a phase deploys to (ARM, runbooks, the Databricks workspace): it plans its changes, applies them and
/// verifies the result. The steps call every plane the phase declares, in order (<see cref="DeployPhases"/>).
/// </summary>
public interface IPlane
{
    /// <summary>The plane column of the plan (arm, automation, databricks).</summary>
    string Name { get; }

    /// <summary>Reads the live side and compares; may set <see cref="PhaseDeployState.Outputs"/> (ARM, which plans first).</summary>
    Task<PlaneChanges> PlanAsync(PhaseDeployState state, CancellationToken ct);

    /// <summary>Makes the live side match, under the lock; a plane with nothing to do sends nothing.</summary>
    Task ApplyAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct);

    /// <summary>
    /// One line per problem. <paramref name="justPlanned"/>: the run's plan compared everything a moment ago and found no
    /// change, so a plane may skip what it would only read again.
    /// </summary>
    Task<IReadOnlyList<string>> VerifyAsync(PhaseDeployState state, bool justPlanned, CancellationToken ct);

    /// <summary>
    /// When the phase is up to date: keeps what the plan read that saves reads next time (the workspace manifest);
    /// never an object change. Most planes keep nothing.
    /// </summary>
    Task RecordReadsAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A plane's plan: the changes shown to the user, and whatever typed detail its apply needs.</summary>
public class PlaneChanges(IPlane plane, IReadOnlyList<PlanChange> changes)
{
    public IPlane Plane { get; } = plane;

    public IReadOnlyList<PlanChange> Changes { get; } = changes;

    public bool HasChanges => Changes.Any(c => c.Action != ChangeAction.NoChange);

    /// <summary>Live objects this plane would leave alone although nothing declares them (listed, not changed).</summary>
    public IReadOnlyList<PlanChange> Orphaned { get; init; } = [];
}
