using ProjectScout.Model.Azure;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment.Planes;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>The switch that approves a kind of destructive change.</summary>
public enum Approval
{
    /// <summary>--allow-delete=true</summary>
    AllowDelete,

    /// <summary>--complete=true</summary>
    Complete,
}

/// <summary>
/// One row of the approval table: changes of <see cref="Action"/> to the <see cref="Kinds"/> of <see cref="Plane"/> (every
/// kind when null; only those of this <see cref="Drift"/> kind, when given; with <see cref="OrphansOnly"/>, only of
/// objects no phase declares) need <see cref="Approval"/>.
/// </summary>
public sealed record ApprovalRule(string Plane, IReadOnlySet<string>? Kinds, ChangeAction Action, Approval Approval, string Why, string? Drift = null, bool OrphansOnly = false)
{
    public bool Matches(PlanChange change) =>
        change.Plane == Plane && change.Action == Action && (Kinds is null || Kinds.Contains(change.Kind))
        && (Drift is null || change.Drift == Drift) && (!OrphansOnly || change.Orphaned);
}

/// <summary>
/// The destructive changes a plan may not make without an explicit switch, declared as a table and applied in one step
/// (<see cref="Steps.ApproveDestructiveChanges"/>). Deletes of workspace objects the project rendered and the bundle no
/// longer has need none (the bundle is their whole truth); objects under the project's roots it did not create do.
/// </summary>
public static class DestructiveChangeApprovals
{
    public static IReadOnlyList<ApprovalRule> Rules { get; } =
    [
        new(ArmPlane.PlaneName, AzureResourceTypes.StatefulNames, ChangeAction.Delete, Approval.AllowDelete, "stateful resource(s)"),
        new(WorkspaceReconciler.Plane, new HashSet<string>(StringComparer.Ordinal) { NotebookAdapter.KindName }, ChangeAction.Delete, Approval.AllowDelete,
            "workspace object(s) the project does not own", DriftKinds.Unowned),
        // A catalog or schema whose storage root changed is replaced: the delete drops its managed tables.
        new(WorkspaceReconciler.Plane, new HashSet<string>(StringComparer.Ordinal) { CatalogAdapter.KindName, SchemaAdapter.KindName }, ChangeAction.Delete, Approval.AllowDelete,
            "Unity Catalog object(s) replaced (the storage root is fixed at creation; the delete drops their managed tables)"),
        // Complete mode: a resource no phase declares is deleted only in a run that asks for it (a saved plan included);
        // the row above still guards the stateful ones.
        new(ArmPlane.PlaneName, null, ChangeAction.Delete, Approval.Complete, "resource(s) no phase declares", OrphansOnly: true),
    ];

    public static string SwitchText(Approval approval) => approval switch
    {
        Approval.AllowDelete => "--allow-delete=true",
        Approval.Complete => "--complete=true",
        _ => throw new ArgumentOutOfRangeException(nameof(approval)),
    };

    public static bool IsGiven(Approval approval, DeployOptions options) => approval switch
    {
        Approval.AllowDelete => options.AllowDelete,
        Approval.Complete => options.Complete,
        _ => false,
    };

    /// <summary>The changes of <paramref name="plan"/> that need an approval <paramref name="options"/> does not give, by rule.</summary>
    public static IReadOnlyList<(ApprovalRule Rule, IReadOnlyList<PlanChange> Changes)> Unapproved(PhasePlan plan, DeployOptions options, IReadOnlyList<ApprovalRule>? rules = null) =>
        (rules ?? Rules)
            .Where(rule => !IsGiven(rule.Approval, options))
            .Select(rule => (rule, (IReadOnlyList<PlanChange>)plan.Changes.Where(rule.Matches).ToList()))
            .Where(r => r.Item2.Count > 0)
            .ToList();
}
