namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>Writes the phase record (tag projectscout-phase&lt;N&gt;) once the phase is applied and verified.</summary>
public sealed class RecordPhase : IDeployStep
{
    public string Name => "record";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Inputs), nameof(PhaseDeployState.Applied)];
    public IReadOnlyList<string> Updates => [nameof(PhaseDeployState.Recorded)];
    public bool RunsInPreview => false;

    public bool ShouldRun(PhaseDeployState state) => state.Applied;

    public async Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var connection = state.Connection;
        var options = connection.Options;
        var written = new PhaseRecord(state.Number, state.Inputs.DeploymentName, options.Version, options.Commit, DateTimeOffset.UtcNow, options.RunId);
        await connection.Tags.UpdateAsync(t => t[PhaseRecord.TagName(state.Number)] = written.Format(), ct);
        state.Recorded = true;
        connection.Log($"Phase {state.Number} deployed, verified and recorded (tag {PhaseRecord.TagName(state.Number)} on {connection.Target.Scope.ResourceGroup}).");
    }
}
