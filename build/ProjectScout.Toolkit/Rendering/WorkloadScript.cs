using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using Scriban.Runtime;

namespace ProjectScout.Toolkit.Rendering;

/// <summary>
/// A job's workload as Scriban sees it (<c>job_workload</c>): the class its template declares on its first line
/// (<c>{{~ # workload: critical ~}}</c>: which class a job belongs to is a fact about the job), that class's values from
/// the environment's <c>workload.classes</c>, and the receivers of the alert tier the class names. Every job template
/// reads its timeout, health rule, queue, concurrency, notifications, cluster availability, autoscale ceiling and policy
/// from here; the rendered job carries its class in the tag <see cref="ClassTag"/>.
/// </summary>
public static partial class WorkloadScript
{
    /// <summary>The job tag holding the job's workload class (job_common.json.scriban writes it).</summary>
    public const string ClassTag = "workload_class";

    /// <summary>The workload class of a rendered job (its <see cref="ClassTag"/> tag), or null.</summary>
    public static string? ClassOf(System.Text.Json.Nodes.JsonObject settings) =>
        settings["tags"]?[ClassTag] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The class a job template declares on its first line, or null.</summary>
    public static string? DeclaredClass(string templateText)
    {
        var firstLine = templateText.Split('\n', 2)[0];
        var match = DeclarationRegex().Match(firstLine);
        return match.Success ? match.Groups["class"].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\{\{~?\s*#\s*workload:\s*(?<class>[A-Za-z0-9_-]+)\s*~?\}\}\s*$")]
    private static partial System.Text.RegularExpressions.Regex DeclarationRegex();

    /// <summary>The policy key of a cluster profile's policy for a class: the profile's own for critical classes, &lt;policy&gt;_&lt;class&gt; otherwise.</summary>
    public static string PolicyKey(string profilePolicy, string classKey, WorkloadClass workloadClass) =>
        workloadClass.Critical ? profilePolicy : $"{profilePolicy}_{classKey}";

    /// <summary>The job's workload, or a problem naming the job template (<paramref name="template"/>, as shown) that declares no known class.</summary>
    public static ScriptObject? For(EnvironmentDefinition environment, string template, string templateText, string jobKey, List<Problem> problems)
    {
        var workload = environment.Workload;
        var classes = string.Join("|", workload.Classes.Keys);
        if (DeclaredClass(templateText) is not { } classKey)
        {
            problems.Add(new Problem(template, 1, 1, "render.workload",
                $"job '{jobKey}' declares no workload class; make the template's first line {{{{~ # workload: <{classes}> ~}}}} (its timeout, health rule, queue, spot and alert tier come from the class)."));
            return null;
        }

        if (!workload.Classes.TryGetValue(classKey, out var cls))
        {
            problems.Add(new Problem(template, 1, 1, "render.workload",
                $"job '{jobKey}' declares workload class '{classKey}', which {environment.SourceFile} does not define in workload.classes; use one of {classes}."));
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
