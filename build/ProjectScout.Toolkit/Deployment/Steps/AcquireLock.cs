namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>Takes the environment's lease before anything is written (none when the phase is up to date: nothing will be).</summary>
public sealed class AcquireLock : IDeployStep
{
    public string Name => "lock";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Plan), nameof(PhaseDeployState.Group)];
    public IReadOnlyList<string> Updates => [nameof(PhaseDeployState.Lease)];
    public bool RunsInPreview => false;

    public bool ShouldRun(PhaseDeployState state) => !state.IsUpToDate;

    public async Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var connection = state.Connection;
        var options = connection.Options;
        state.Lease = await DeploymentLock.AcquireAsync(connection.Tags, connection.EnvironmentName, options.Owner, options.RunId, options.Lock, connection.Log, ct);
    }
}
