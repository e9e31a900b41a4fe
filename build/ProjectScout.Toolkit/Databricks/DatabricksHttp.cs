using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Azure.Core;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>A Databricks REST error with its parsed error_code (RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE, ...).</summary>
public sealed class DatabricksApiException(int status, string errorCode, string message, string operation)
    : Exception($"{operation} failed (HTTP {status} {errorCode}): {message}")
{
    public int Status { get; } = status;
    public string ErrorCode { get; } = errorCode;
    public string ApiMessage { get; } = message;

    public bool IsNotFound => Status == 404 || ErrorCode == "RESOURCE_DOES_NOT_EXIST";

    public static DatabricksApiException FromBody(int status, string? body, string operation)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body) is JsonObject error)
            {
                var code = error["error_code"]?.ToString() ?? error["error"]?.ToString() ?? $"HTTP_{status}";
                return new DatabricksApiException(status, code, error["message"]?.ToString() ?? "", operation);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a gateway page): shown as text.
        }

        var text = (body ?? "").Trim();
        return new DatabricksApiException(status, $"HTTP_{status}", text.Length > 200 ? text[..200] + "…" : text, operation);
    }
}

/// <summary>How the Databricks client authenticates and paces itself.</summary>
public sealed record DatabricksClientOptions
{
    public required Uri Host { get; init; }
    public required TokenCredential Credential { get; init; }

    /// <summary>The Azure resource id of the workspace; with <see cref="SendManagementHeaders"/> for a service principal that is not a workspace user yet.</summary>
    public string WorkspaceResourceId { get; init; } = "";
    public bool SendManagementHeaders { get; init; }
    public double RateLimitPerSecond { get; init; } = 15;
    public int MaxRetryAttempts { get; init; } = 8;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(0.5);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sandbox only: the one certificate the client accepts.</summary>
    public X509Certificate2? PinnedCertificate { get; init; }
}

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

/// <summary>Adds the bearer token (and the SP management headers when configured). Never logs a token.</summary>
internal sealed class DatabricksAuthHandler(DatabricksClientOptions options) : DelegatingHandler
{
    public const string DatabricksScope = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";
    public const string ManagementScope = "https://management.core.windows.net//.default";

    private readonly EntraTokenCache _databricks = new(options.Credential, DatabricksScope);
    private readonly EntraTokenCache _management = new(options.Credential, ManagementScope);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _databricks.GetAsync(cancellationToken));
        if (options.SendManagementHeaders)
        {
            request.Headers.Remove("X-Databricks-Azure-SP-Management-Token");
            request.Headers.Remove("X-Databricks-Azure-Workspace-Resource-Id");
            request.Headers.Add("X-Databricks-Azure-SP-Management-Token", await _management.GetAsync(cancellationToken));
            request.Headers.Add("X-Databricks-Azure-Workspace-Resource-Id", options.WorkspaceResourceId);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Client-side pacing: every attempt (retries included) waits for a token, so the client never exceeds the rate.</summary>
internal sealed class RateLimitHandler : DelegatingHandler
{
    private readonly TokenBucketRateLimiter _limiter;
    private int _requests;

    public RateLimitHandler(double perSecond)
    {
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public int Requests => _requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        Interlocked.Increment(ref _requests);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}

internal static class DatabricksResilience
{
    /// <summary>Marks a request that must not be blindly retried (jobs/create): only a 429, which was never performed, is retried.</summary>
    public static readonly HttpRequestOptionsKey<bool> NotIdempotent = new("projectscout.not-idempotent");

    public static ResilienceHandler Create(DatabricksClientOptions options)
    {
        var safe = Build(options, idempotent: true);
        var unsafeCreate = Build(options, idempotent: false);
        return new ResilienceHandler(request => request.Options.TryGetValue(NotIdempotent, out var flag) && flag ? unsafeCreate : safe);
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(DatabricksClientOptions options, bool idempotent)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldRetryAfterHeader = true,
        };
        if (!idempotent)
        {
            retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests);
        }
        else
        {
            // The standard transient set (408, 429, 5xx, connection failures, attempt timeouts) plus the token-bucket
            // error Databricks sometimes sends as a 400.
            retry.ShouldHandle = async args =>
                HttpClientResiliencePredicates.IsTransient(args.Outcome) || await IsRequestLimitAsync(args.Outcome.Result);
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(TimeSpan.FromMinutes(10))
            .AddRetry(retry)
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    private static async Task<bool> IsRequestLimitAsync(HttpResponseMessage? response)
    {
        if (response is not { StatusCode: HttpStatusCode.BadRequest })
        {
            return false;
        }

        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        return body.Contains("REQUEST_LIMIT_EXCEEDED", StringComparison.Ordinal);
    }
}

/// <summary>HTTP handlers for loopback sandbox endpoints: accept exactly the sandbox's own certificate.</summary>
public static class PinnedCertificate
{
    public static SocketsHttpHandler Handler(X509Certificate2? pinned)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 16 };
        if (pinned is not null)
        {
            var thumbprint = pinned.GetCertHashString();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
        }

        return handler;
    }
}
