namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>Applies each plane's plan in the phase's order, under the lease (ARM first: its outputs name what the others write to).</summary>
public sealed class ApplyChanges : IDeployStep
{
    public string Name => "apply";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Inputs), nameof(PhaseDeployState.PlaneChanges), nameof(PhaseDeployState.Lease)];
    public IReadOnlyList<string> Updates => [nameof(PhaseDeployState.Outputs), nameof(PhaseDeployState.Applied)];
    public bool RunsInPreview => false;

    public bool ShouldRun(PhaseDeployState state) => !state.IsUpToDate;

    public async Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        foreach (var planned in state.PlaneChanges)
        {
            await planned.Plane.ApplyAsync(state, planned, ct);
        }

        state.Applied = true;
    }
}
