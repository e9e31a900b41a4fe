using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>
/// Phase N needs phase N-1 recorded (its template refers to that phase's resources). A deploy is refused with what to
/// run; a preview plans nothing and says why, so a first pipeline run's preview passes.
/// </summary>
public sealed class RequirePreviousPhase : IDeployStep
{
    public string Name => "require previous phase";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Phase), nameof(PhaseDeployState.Group)];
    public IReadOnlyList<string> Updates => [nameof(PhaseDeployState.Finished)];
    public bool RunsInPreview => true;

    public bool ShouldRun(PhaseDeployState state) => !IsPreviousPhaseRecorded(state);

    public Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var connection = state.Connection;
        var (phase, previous, environment) = (state.Number, state.Number - 1, connection.EnvironmentName);
        if (!connection.Options.WhatIf)
        {
            throw new ToolkitException(
                $"Phase {previous} is not recorded as deployed in '{environment}' (tag {PhaseRecord.TagName(previous)} on resource group {connection.Target.Scope.ResourceGroup}); " +
                $"run ./build.sh --target=DeployPhase{previous} --environment={environment} first.");
        }

        // A stale plan file must not pass for this run's.
        foreach (var extension in new[] { ".json", ".md" })
        {
            File.Delete(PlanChanges.PlanPath(state, extension));
        }

        connection.Log($"Phase {phase} cannot be previewed yet: phase {previous} is not recorded in '{environment}' and phase {phase}'s template refers to its resources. " +
                       $"Nothing was planned or written; deploy phase {previous} first.");
        state.Finished = true;
        return Task.CompletedTask;
    }

    private static bool IsPreviousPhaseRecorded(PhaseDeployState state) =>
        state.Number == DeployPhases.All[0].Number || PhaseRecord.Read(state.Group?.Tags, state.Number - 1) is not null;
}
