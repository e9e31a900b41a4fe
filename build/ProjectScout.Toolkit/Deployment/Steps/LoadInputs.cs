namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>Reads the phase's compiled inputs from the artifacts and the resource group as it is now.</summary>
public sealed class LoadInputs : IDeployStep
{
    public string Name => "load inputs";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Phase)];
    public IReadOnlyList<string> Updates => [nameof(PhaseDeployState.Inputs), nameof(PhaseDeployState.Group)];
    public bool RunsInPreview => true;

    public bool ShouldRun(PhaseDeployState state) => true;

    public async Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var connection = state.Connection;
        state.Inputs = PhaseInputs.Load(connection.Artifacts, connection.EnvironmentName, state.Phase.Infra, connection.Display);
        state.Group = await connection.Tags.ReadAsync(ct);
    }
}
