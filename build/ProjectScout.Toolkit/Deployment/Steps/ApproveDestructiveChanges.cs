using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>Refuses a plan with a destructive change the run did not approve (<see cref="DestructiveChangeApprovals"/>); a preview is refused too.</summary>
public sealed class ApproveDestructiveChanges : IDeployStep
{
    public string Name => "approve destructive changes";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Plan)];
    public IReadOnlyList<string> Updates => [];
    public bool RunsInPreview => true;

    public bool ShouldRun(PhaseDeployState state) => true;

    public Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        Approve(state.Plan!, state.Connection.Options);
        return Task.CompletedTask;
    }

    /// <summary>Throws one line naming every unapproved change and the switch that approves it.</summary>
    public static void Approve(PhasePlan plan, DeployOptions options)
    {
        var refused = DestructiveChangeApprovals.Unapproved(plan, options);
        if (refused.Count == 0)
        {
            return;
        }

        var what = string.Join("; ", refused.Select(r =>
            $"{PlanChange.ActionText(r.Rule.Action)}s {r.Changes.Count} {r.Rule.Why} ({string.Join(", ", r.Changes.Select(c => c.Name))})"));
        var switches = string.Join(" and ", refused.Select(r => DestructiveChangeApprovals.SwitchText(r.Rule.Approval)).Distinct());
        throw new ToolkitException($"The plan {what}; nothing was deployed. Review the plan and pass {switches} if the data may go.");
    }
}
