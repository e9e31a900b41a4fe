using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.Json;
using Azure.Core;
using ProjectScout.Model.Databricks;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>A Databricks REST error with its parsed error_code (RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE, ...).</summary>
public sealed partial class DatabricksApiException(int status, string errorCode, string message, string operation)
    : Exception($"{operation} failed (HTTP {status} {errorCode}): {message}")
{
    public int Status { get; } = status;
    public string ErrorCode { get; } = errorCode;
    public string ApiMessage { get; } = message;

    /// <summary>
    /// Not found: 404 / RESOURCE_DOES_NOT_EXIST, or the 400 INVALID_PARAMETER_VALUE "Job N does not exist." (also for
    /// runs and clusters) the Jobs and Clusters APIs answer, which the official SDKs map to not-found too.
    /// </summary>
    public bool IsNotFound => Status == 404 || ErrorCode == "RESOURCE_DOES_NOT_EXIST"
        || (Status == 400 && ErrorCode == "INVALID_PARAMETER_VALUE" && MissingObject().IsMatch(ApiMessage));

    [System.Text.RegularExpressions.GeneratedRegex(@"^(Job|Run|Cluster) .* does not exist|^Run: .* in job: .* doesn't exist")]
    private static partial System.Text.RegularExpressions.Regex MissingObject();

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

/// <summary>The Databricks client's pipeline options: the toolkit's shared retry and logging model with the client's budget.</summary>
internal sealed class DatabricksPipelineOptions(DatabricksClientOptions options)
    : Arm.ToolkitClientOptions(options.MaxRetryAttempts, options.RetryBaseDelay, maxDelay: TimeSpan.FromSeconds(30), networkTimeout: options.AttemptTimeout, totalRetryTime: TimeSpan.FromMinutes(5));

/// <summary>
/// Which Databricks answers are retried: Azure.Core's transient set (408, 429, 500 — at most once, see
/// <see cref="Arm.ToolkitRetryPolicy"/> — 502, 503, 504, dropped connections, attempt timeouts) plus the token-bucket
/// error Databricks sometimes sends as a 400. A request marked not idempotent (jobs/create) is retried only on a 429,
/// which was never performed.
/// </summary>
internal sealed class DatabricksResponseClassifier : ResponseClassifier
{
    public const string NotIdempotent = "projectscout.not-idempotent";

    public static void MarkNotIdempotent(HttpMessage message) => message.SetProperty(NotIdempotent, true);

    public override bool IsRetriableResponse(HttpMessage message)
    {
        var status = message.Response.Status;
        if (IsNotIdempotent(message))
        {
            return status == 429;
        }

        return base.IsRetriableResponse(message) ||
               status == 400 && message.Response.Content.ToString().Contains("REQUEST_LIMIT_EXCEEDED", StringComparison.Ordinal);
    }

    public override bool IsRetriable(HttpMessage message, Exception exception) => !IsNotIdempotent(message) && base.IsRetriable(message, exception);

    private static bool IsNotIdempotent(HttpMessage message) => message.TryGetProperty(NotIdempotent, out var flag) && flag is true;
}
