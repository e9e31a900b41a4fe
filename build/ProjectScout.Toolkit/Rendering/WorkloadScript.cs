using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using Scriban.Runtime;

namespace ProjectScout.Toolkit.Rendering;

/// <summary>
/// A job's workload as Scriban sees it (<c>job_workload</c>): its class from the environment's <c>workload</c> section,
/// and the receivers of the alert tier that class names. Every job template reads its timeout, health rule, queue,
/// concurrency, notifications, cluster availability, autoscale ceiling and policy from here.
/// </summary>
public static class WorkloadScript
{
    /// <summary>The policy key of a cluster profile's policy for a class: the profile's own for critical classes, &lt;policy&gt;_&lt;class&gt; otherwise.</summary>
    public static string PolicyKey(string profilePolicy, string classKey, WorkloadClass workloadClass) =>
        workloadClass.Critical ? profilePolicy : $"{profilePolicy}_{classKey}";

    /// <summary>The job's workload, or a problem naming the environment file's missing entry.</summary>
    public static ScriptObject? For(EnvironmentDefinition environment, string jobKey, List<Problem> problems)
    {
        var workload = environment.Workload;
        if (!workload.Jobs.TryGetValue(jobKey, out var classKey) || !workload.Classes.TryGetValue(classKey, out var cls))
        {
            problems.Add(new Problem(environment.SourceFile, 0, 0, "render.workload",
                $"job '{jobKey}' has no workload class; add workload.jobs.{jobKey}: <{string.Join("|", workload.Classes.Keys)}> to the environment file (its timeout, health rule, queue, spot and alert tier come from the class)."));
            return null;
        }

        var tier = environment.Alerting.Tier(cls.AlertTier);
        return new ScriptObject
        {
            ["class"] = classKey,
            ["critical"] = cls.Critical,
            ["alert_tier"] = cls.AlertTier,
            ["emails"] = new ScriptArray(tier?.Emails ?? []),
            ["timeout_seconds"] = cls.TimeoutSeconds,
            ["duration_warning_seconds"] = cls.DurationWarningSeconds,
            ["max_concurrent_runs"] = cls.MaxConcurrentRuns,
            ["queue"] = cls.Queue,
            ["availability"] = cls.Availability,
            ["first_on_demand"] = cls.FirstOnDemand,
            ["spot_bid_max_price"] = cls.SpotBidMaxPrice,
            ["max_workers"] = cls.MaxWorkers,
            ["policy_suffix"] = cls.Critical ? "" : "_" + classKey,
        };
    }

    /// <summary>A class as the policy template sees it (<c>workload_class</c>), or null for a profile's own policy.</summary>
    public static ScriptObject? Class(EnvironmentDefinition environment, string? classKey) =>
        classKey is not null && environment.Workload.Classes.TryGetValue(classKey, out var cls)
            ? new ScriptObject
            {
                ["class"] = classKey,
                ["availability"] = cls.Availability,
                ["max_workers"] = cls.MaxWorkers,
            }
            : null;
}
