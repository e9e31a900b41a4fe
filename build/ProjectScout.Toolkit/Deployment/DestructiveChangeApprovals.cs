using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Model.Azure;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>The switch that approves a kind of destructive change.</summary>
public enum Approval
{
    /// <summary>--allow-delete=true</summary>
    AllowDelete,
}

/// <summary>One row of the approval table: changes of <see cref="Action"/> to the <see cref="Kinds"/> of <see cref="Plane"/> need <see cref="Approval"/>.</summary>
public sealed record ApprovalRule(string Plane, IReadOnlySet<string> Kinds, ChangeAction Action, Approval Approval, string Why)
{
    public bool Matches(PlanChange change) => change.Plane == Plane && change.Action == Action && Kinds.Contains(change.Kind);
}

/// <summary>
/// The destructive changes a plan may not make without an explicit switch, declared as a table and applied in one step
/// (<see cref="Steps.ApproveDestructiveChanges"/>). Deletes of workspace objects the bundle no longer has need none:
/// the bundle is their whole truth.
/// </summary>
public static class DestructiveChangeApprovals
{
    public static IReadOnlyList<ApprovalRule> Rules { get; } =
    [
        new(ArmPlane.PlaneName, AzureResourceTypes.StatefulNames, ChangeAction.Delete, Approval.AllowDelete, "stateful resource(s)"),
    ];

    public static string SwitchText(Approval approval) => approval switch
    {
        Approval.AllowDelete => "--allow-delete=true",
        _ => throw new ArgumentOutOfRangeException(nameof(approval)),
    };

    public static bool IsGiven(Approval approval, DeployOptions options) => approval switch
    {
        Approval.AllowDelete => options.AllowDelete,
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
