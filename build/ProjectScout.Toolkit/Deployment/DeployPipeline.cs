using ProjectScout.Toolkit.Deployment.Steps;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// A phase deploy as an ordered list of steps over one <see cref="PhaseDeployState"/>: load inputs → require the
/// previous phase → adoption preflight → plan → match a saved plan → approve destructive changes → confirm → lock → apply → verify → record. What a phase touches is
/// declared by its planes (<see cref="DeployPhases"/>), never by branches on its number.
/// </summary>
public sealed class DeployPipeline(IReadOnlyList<IDeployStep> steps)
{
    public static DeployPipeline Default { get; } = new(
    [
        new LoadInputs(),
        new RequirePreviousPhase(),
        new CheckAdoption(),
        new PlanChanges(),
        new MatchSavedPlan(),
        new ApproveDestructiveChanges(),
        new ConfirmChanges(),
        new AcquireLock(),
        new ApplyChanges(),
        new VerifyDeployment(),
        new RecordPhase(),
    ]);

    /// <summary>The members of the state every step may read without an earlier step writing them.</summary>
    public static IReadOnlyList<string> Given { get; } = [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Phase)];

    public IReadOnlyList<IDeployStep> Steps => steps;

    public async Task<PhaseOutcome> RunAsync(PhaseDeployState state, CancellationToken ct = default)
    {
        var connection = state.Connection;
        try
        {
            foreach (var step in steps)
            {
                if (state.Finished)
                {
                    break;
                }

                if (connection.Options.WhatIf && !step.RunsInPreview)
                {
                    connection.Log($"--what-if: stopping after the plan ({connection.Display(PlanChanges.PlanPath(state, ".json"))}).");
                    break;
                }

                if (step.ShouldRun(state))
                {
                    await step.RunAsync(state, ct);
                }
            }
        }
        finally
        {
            if (state.Lease is { } lease)
            {
                await lease.DisposeAsync();
            }
        }

        var plan = state.Plan ?? new PhasePlan { Environment = connection.EnvironmentName, Phase = state.Number, DeploymentName = state.Inputs?.DeploymentName ?? "", Changes = [] };
        return new PhaseOutcome(plan, state.Applied, state.Recorded);
    }
}
