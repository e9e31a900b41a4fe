using Azure.Core;
using Azure.Core.Pipeline;
using ProjectScout.Model.Arm;

namespace ProjectScout.Toolkit.Arm;

/// <summary>
/// What every HTTP client of the toolkit shares (ARM and Databricks): one Azure.Core pipeline whose retry
/// (<see cref="ToolkitRetryPolicy"/>) retries only transient failures within a bounded total time, no request logging or
/// tracing (bodies and headers may carry secrets), and one application id. Each client sets its own retry budget.
/// </summary>
public abstract class ToolkitClientOptions : ClientOptions
{
    public const string ApplicationId = "projectscout-build";

    protected ToolkitClientOptions(int maxRetries, TimeSpan delay, TimeSpan maxDelay, TimeSpan networkTimeout, TimeSpan totalRetryTime)
    {
        TotalRetryTime = totalRetryTime;
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = maxRetries;
        Retry.Delay = delay;
        Retry.MaxDelay = maxDelay;
        Retry.NetworkTimeout = networkTimeout;
        Diagnostics.IsLoggingEnabled = false;
        Diagnostics.IsDistributedTracingEnabled = false;
        Diagnostics.ApplicationId = ApplicationId;
    }

    /// <summary>The longest one call keeps retrying.</summary>
    public TimeSpan TotalRetryTime { get; set; }

    /// <summary>The retry policy of the pipeline, from <see cref="ClientOptions.Retry"/> as set when the client is built.</summary>
    internal HttpPipelinePolicy BuildRetryPolicy() => RetryPolicy ??= new ToolkitRetryPolicy(Retry.MaxRetries, Retry.Delay, Retry.MaxDelay, TotalRetryTime);
}
