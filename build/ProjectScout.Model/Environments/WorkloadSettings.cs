namespace ProjectScout.Model.Environments;

/// <summary>
/// Job priority as Databricks allows it (there is no priority field): workload classes with their own cluster
/// policies, queueing and concurrency for critical jobs, spot-with-fallback workers and a lower autoscale ceiling for
/// the rest, and on every job a timeout, a run-duration health rule and the alert tier its failures go to.
/// </summary>
public sealed class WorkloadSettings
{
    /// <summary>Workload classes by key (critical, standard). Each job template names its class on its first line.</summary>
    public SortedDictionary<string, WorkloadClass> Classes { get; set; } = new(StringComparer.Ordinal);
}

public sealed class WorkloadClass
{
    /// <summary>The values of <see cref="Availability"/> (the Clusters API's azure_attributes.availability).</summary>
    public static readonly IReadOnlyList<string> Availabilities = [OnDemand, SpotWithFallback];

    public const string OnDemand = "ON_DEMAND_AZURE";
    public const string SpotWithFallback = "SPOT_WITH_FALLBACK_AZURE";

    /// <summary>Critical jobs run on their cluster profiles' own policies, on demand, one run at a time, queued.</summary>
    public bool Critical { get; set; }

    /// <summary>alerting.tiers[].name that the job's failure and duration warnings go to.</summary>
    public string AlertTier { get; set; } = "";

    /// <summary>Job-level timeout_seconds (must be positive: 0 means none).</summary>
    public int TimeoutSeconds { get; set; }

    /// <summary>health.rules RUN_DURATION_SECONDS GREATER_THAN this: the duration warning, below the timeout.</summary>
    public int DurationWarningSeconds { get; set; }

    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>queue.enabled: a run that hits a concurrency limit waits (up to 48 h) instead of being skipped.</summary>
    public bool Queue { get; set; } = true;

    /// <summary>azure_attributes.availability of the job clusters.</summary>
    public string Availability { get; set; } = OnDemand;

    /// <summary>azure_attributes.first_on_demand: nodes (the driver first) kept on demand.</summary>
    public int FirstOnDemand { get; set; } = 1;

    /// <summary>azure_attributes.spot_bid_max_price: -1 pays up to the on-demand price (never evicted on price).</summary>
    public double SpotBidMaxPrice { get; set; } = -1;

    /// <summary>Autoscale ceiling of the class's job clusters; 0 keeps the cluster profile's maxWorkers.</summary>
    public int MaxWorkers { get; set; }

    /// <summary>Cluster profiles (templates/lakehouse.yaml) a non-critical class's jobs run on: each gets a policy &lt;profile policy&gt;_&lt;class&gt;.</summary>
    public List<string> ClusterProfiles { get; set; } = [];
}

/// <summary>A third-party secret the rotation watches: its expiry is declared, never invented.</summary>
public sealed class ThirdPartySecret
{
    /// <summary>Key Vault secret name.</summary>
    public string Name { get; set; } = "";

    /// <summary>yyyy-MM-dd: the date the provider's key expires; or leave empty and give <see cref="RotationDays"/>.</summary>
    public string ExpiresOn { get; set; } = "";

    /// <summary>Days a value is valid after it was set (the provider's rotation policy); 0 when <see cref="ExpiresOn"/> is given.</summary>
    public int RotationDays { get; set; }
}

/// <summary>The Hybrid Runbook Worker that runs the rotation inside the VNet: a small Linux VM with no public IP.</summary>
public sealed class RotationWorkerSettings
{
    /// <summary>VM size, e.g. Standard_B2s.</summary>
    public string VmSize { get; set; } = "";

    public string AdminUsername { get; set; } = "";

    /// <summary>An OpenSSH public key (Azure requires one for a Linux VM without passwords; a public key is not a secret).</summary>
    public string SshPublicKey { get; set; } = "";
}
