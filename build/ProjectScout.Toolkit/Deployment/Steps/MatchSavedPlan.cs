using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>
/// --plan=&lt;file&gt;: the phase is planned again and must be exactly what was saved and reviewed; otherwise one line,
/// before anything is written.
/// </summary>
public sealed class MatchSavedPlan : IDeployStep
{
    public string Name => "match the saved plan";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Plan)];
    public IReadOnlyList<string> Updates => [];
    public bool RunsInPreview => true;

    public bool ShouldRun(PhaseDeployState state) => state.Connection.Options.SavedPlan is not null;

    public Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var saved = state.Connection.Options.SavedPlan!;
        if (saved.Difference(state.Plan!) is { } difference)
        {
            var connection = state.Connection;
            throw new ToolkitException(
                $"The live state changed since {connection.Display(saved.Path)} was saved: {difference}; nothing was written. Review a new plan (--what-if --plan-out=<file>) and apply that.");
        }

        state.Connection.Log($"Phase {state.Number}: the plan is the one saved in {state.Connection.Display(saved.Path)}.");
        return Task.CompletedTask;
    }
}
