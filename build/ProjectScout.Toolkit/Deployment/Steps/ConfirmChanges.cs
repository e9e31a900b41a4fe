using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>A real environment asks before it applies a plan with changes (<see cref="DeployOptions.Confirm"/>; none for the sandbox or with --auto-approve).</summary>
public sealed class ConfirmChanges : IDeployStep
{
    public string Name => "confirm";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Plan)];
    public IReadOnlyList<string> Updates => [];
    public bool RunsInPreview => false;

    public bool ShouldRun(PhaseDeployState state) => state.Connection.Options.Confirm is not null && state.Plan!.HasChanges;

    public Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        if (!state.Connection.Options.Confirm!(state.Plan!))
        {
            throw new ToolkitException($"Phase {state.Number} was not applied: the plan was not confirmed (only 'yes' applies it); nothing was written.");
        }

        return Task.CompletedTask;
    }
}
