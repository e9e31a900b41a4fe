using Azure.Core;
using ProjectScout.Model.Arm;

namespace ProjectScout.Toolkit.Arm;

/// <summary>
/// What every HTTP client of the toolkit shares (ARM and Databricks): one Azure.Core pipeline with exponential retry
/// (429/408/5xx and dropped connections, honouring Retry-After, with jitter), no request logging or tracing (bodies and
/// headers may carry secrets), and one application id. Each client sets its own retry budget.
/// </summary>
public abstract class ToolkitClientOptions : ClientOptions
{
    public const string ApplicationId = "projectscout-build";

    protected ToolkitClientOptions(int maxRetries, TimeSpan delay, TimeSpan maxDelay, TimeSpan networkTimeout)
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = maxRetries;
        Retry.Delay = delay;
        Retry.MaxDelay = maxDelay;
        Retry.NetworkTimeout = networkTimeout;
        Diagnostics.IsLoggingEnabled = false;
        Diagnostics.IsDistributedTracingEnabled = false;
        Diagnostics.ApplicationId = ApplicationId;
    }
}
