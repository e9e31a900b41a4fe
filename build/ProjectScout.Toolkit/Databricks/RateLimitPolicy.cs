using System.Diagnostics;
using Azure.Core.Pipeline;
using Azure.Core;
using ProjectScout.Model.Databricks;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>
/// Client-side pacing as a per-attempt pipeline policy: every attempt (retries included) takes the next free slot,
/// one every 1/rate seconds in arrival order, so the client never exceeds the rate. Counts the attempts it lets through.
/// </summary>
public sealed class RateLimitPolicy : HttpPipelinePolicy
{
    private readonly long _intervalTicks;
    private readonly Lock _gate = new();
    private long _nextSlot;
    private int _requests;

    public RateLimitPolicy(double perSecond)
    {
        if (perSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "The rate limit must be positive.");
        }

        _intervalTicks = (long)(Stopwatch.Frequency / perSecond);
    }

    /// <summary>Requests sent, every retry attempt included.</summary>
    public int Requests => _requests;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await WaitForSlotAsync(message.CancellationToken);
        Interlocked.Increment(ref _requests);
        await ProcessNextAsync(message, pipeline);
    }

    private async Task WaitForSlotAsync(CancellationToken ct)
    {
        long slot;
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + _intervalTicks;
        }

        var wait = Stopwatch.GetElapsedTime(now, slot);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }
}
