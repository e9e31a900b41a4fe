using System.Diagnostics;
using Azure.Core.Pipeline;
using Azure.Core;
using ProjectScout.Model.Arm;

namespace ProjectScout.Toolkit.Arm;

/// <summary>
/// The retry rule of every toolkit client: only what is transient is retried (429, 408, 502, 503, 504, dropped
/// connections, as the client's classifier says), with exponential delay honouring Retry-After, within a bounded total
/// time. A 500 is usually deterministic (the same request fails the same way), so it is tried at most
/// <see cref="MaxTriesOnServerError"/> times and then fails with the service's message.
/// </summary>
public sealed class ToolkitRetryPolicy(int maxRetries, TimeSpan delay, TimeSpan maxDelay, TimeSpan totalBudget)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(delay, maxDelay))
{
    public const int MaxTriesOnServerError = 2;

    private const string StartedProperty = "projectscout.retry.started";
    private const string ServerErrorsProperty = "projectscout.retry.server-errors";
    private const string TransientOnlyProperty = "projectscout.retry.transient-only";

    /// <summary>The longest a call keeps retrying, first attempt included.</summary>
    public TimeSpan TotalBudget { get; } = totalBudget;

    /// <summary>
    /// Marks a request that must not be sent twice blindly (a deployment PUT, a runbook publish): retried only when the
    /// service says it did not perform it (429); after anything else the caller reads the state before trying again.
    /// </summary>
    public static void RetryOnlyThrottling(HttpMessage message) => message.SetProperty(TransientOnlyProperty, true);

    protected override void OnSendingRequest(HttpMessage message)
    {
        if (!message.TryGetProperty(StartedProperty, out _))
        {
            message.SetProperty(StartedProperty, Stopwatch.GetTimestamp());
        }
    }

    protected override ValueTask OnSendingRequestAsync(HttpMessage message)
    {
        OnSendingRequest(message);
        return ValueTask.CompletedTask;
    }

    protected override bool ShouldRetry(HttpMessage message, Exception? exception)
    {
        if (message.TryGetProperty(StartedProperty, out var started) && started is long timestamp && Stopwatch.GetElapsedTime(timestamp) > TotalBudget)
        {
            return false;
        }

        var status = exception is null && message.HasResponse ? message.Response.Status : 0;
        if (message.TryGetProperty(TransientOnlyProperty, out var only) && only is true)
        {
            return status == 429 && base.ShouldRetry(message, exception);
        }

        if (status == 500)
        {
            var serverErrors = message.TryGetProperty(ServerErrorsProperty, out var count) && count is int n ? n + 1 : 1;
            message.SetProperty(ServerErrorsProperty, serverErrors);
            if (serverErrors >= MaxTriesOnServerError)
            {
                return false;
            }
        }

        return base.ShouldRetry(message, exception);
    }

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) => new(ShouldRetry(message, exception));
}
