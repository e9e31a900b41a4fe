using Azure.Core.Pipeline;
using Azure.Core;
using ProjectScout.Model.Databricks;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>Caches Entra ID tokens and refreshes them well before expiry (Databricks rejects tokens within 30 s of it).</summary>
public sealed class EntraTokenCache(TokenCredential credential, string scope)
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken _token;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_token, DateTimeOffset.UtcNow))
        {
            return _token.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_token, DateTimeOffset.UtcNow))
            {
                _token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            }

            return _token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static bool IsFresh(AccessToken token, DateTimeOffset now) =>
        token.Token is { Length: > 0 } && token.ExpiresOn - now > RefreshMargin;
}

/// <summary>
/// The pipeline's bearer-token policy for Databricks (the ARM client's is Azure.Core's own): the Databricks-scoped
/// token, plus the SP management headers when configured. Runs per attempt, so a retry carries a fresh token. Never logs a token.
/// </summary>
internal sealed class DatabricksAuthenticationPolicy(DatabricksClientOptions options) : HttpPipelinePolicy
{
    public const string DatabricksScope = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";
    public const string ManagementScope = "https://management.core.windows.net//.default";

    private readonly EntraTokenCache _databricks = new(options.Credential, DatabricksScope);
    private readonly EntraTokenCache _management = new(options.Credential, ManagementScope);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var headers = message.Request.Headers;
        headers.SetValue("Authorization", "Bearer " + await _databricks.GetAsync(message.CancellationToken));
        if (options.SendManagementHeaders)
        {
            headers.SetValue("X-Databricks-Azure-SP-Management-Token", await _management.GetAsync(message.CancellationToken));
            headers.SetValue("X-Databricks-Azure-Workspace-Resource-Id", options.WorkspaceResourceId);
        }

        await ProcessNextAsync(message, pipeline);
    }
}
