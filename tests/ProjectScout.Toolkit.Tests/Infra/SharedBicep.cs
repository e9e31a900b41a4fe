using ProjectScout.Toolkit.Bicep;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>One real <c>bicep jsonrpc</c> process for every test in this namespace: starting the CLI costs seconds, a call ~25 ms.</summary>
[SetUpFixture]
public sealed class SharedBicep
{
    private static BicepClient? _client;

    public static BicepClient Client => _client ?? throw new InvalidOperationException("The shared Bicep client starts in OneTimeSetUp.");

    [OneTimeSetUp]
    public void Start() => _client = BicepClient.Start();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}
