using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>One phase as the deploy sees it: the infra phase and the planes it deploys to, in apply order.</summary>
public sealed record DeployPhase(InfraPhase Infra, IReadOnlyList<IPlane> Planes)
{
    public int Number => Infra.Number;
}

/// <summary>
/// The phase table: which planes each phase deploys to. ARM comes first in every phase (the other planes read its
/// outputs); the workspace content goes with phase 1 (its workspace), the runbooks with phase 2 (their account), the
/// backup catalog's Unity Catalog objects with phase 3 (the backup account, and the connector's data role on it).
/// </summary>
public static class DeployPhases
{
    public static readonly IPlane Arm = new ArmPlane();
    public static readonly IPlane Runbooks = new RunbookPlane();
    public static readonly IPlane Workspace = new WorkspacePlane();
    public static readonly IPlane BackupCatalog = new BackupCatalogPlane();

    public static IReadOnlyList<DeployPhase> All { get; } =
    [
        new(InfraPhases.All[0], [Arm, Workspace]),
        new(InfraPhases.All[1], [Arm, Runbooks]),
        new(InfraPhases.All[2], [Arm, BackupCatalog]),
    ];

    /// <summary>
    /// The phase after which the deploy's verify runs the daily job (<see cref="SmokeRun"/>): the last, when the whole
    /// environment is in place. The job needs phase 1's workspace content and Unity Catalog objects, and in a real
    /// environment phase 2's private endpoints; running it once per DeployAll keeps per-phase verifies cheap.
    /// </summary>
    public static DeployPhase SmokeRunAfter => All[^1];

    /// <summary>The phase numbered <paramref name="number"/>; a number outside the table is a programming error.</summary>
    public static DeployPhase Get(int number) =>
        All.FirstOrDefault(p => p.Number == number) ?? throw new ArgumentOutOfRangeException(nameof(number), number, $"There are phases 1 to {All.Count}.");
}
