namespace ProjectScout.Toolkit.Bicep;

/// <summary>
/// The run's one Bicep process, started on first use (a run whose inputs are all up to date never starts it) and
/// shared by every caller. Thread-safe; disposing stops the process if it was started.
/// </summary>
public sealed class BicepSession(string? bicepPath = null) : IAsyncDisposable
{
    private readonly Lazy<BicepClient> _client = new(() => BicepClient.Start(bicepPath), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared client; starts the process on first access.</summary>
    public BicepClient Client => _client.Value;

    public ValueTask DisposeAsync() => _client.IsValueCreated ? _client.Value.DisposeAsync() : ValueTask.CompletedTask;
}
