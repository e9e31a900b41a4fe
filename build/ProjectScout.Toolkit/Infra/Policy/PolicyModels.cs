using System.Text.Json.Serialization;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra;

/// <summary>The Azure Well-Architected Framework pillar a rule serves.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WafPillar>))]
public enum WafPillar
{
    Reliability,
    Security,
    CostOptimization,
    OperationalExcellence,
    PerformanceEfficiency,
}

/// <summary>A rule as the saved results describe it (the rule itself is an <see cref="IPolicyRule"/>).</summary>
public sealed record PolicyRuleSummary(string Id, WafPillar Pillar, string Title)
{
    public static PolicyRuleSummary Of(IPolicyRule rule) => new(rule.Id, rule.Pillar, rule.Title);
}

/// <summary>
/// One evaluation of one rule against one resource (or one template, job, layer's contracts): passes are recorded as well
/// as failures, so reports (e.g. the Well-Architected report) are computed from exactly these values.
/// </summary>
/// <param name="RuleId">Stable rule id, e.g. <c>storage.min-tls</c>.</param>
/// <param name="Pillar">Well-Architected pillar.</param>
/// <param name="Phase">Deployment phase whose snapshot holds the resource (1-3); 0 when the result spans every phase or none.</param>
/// <param name="ResourceType">ARM type, e.g. <c>Microsoft.Storage/storageAccounts</c> (or <c>template</c>, <c>job</c>, …).</param>
/// <param name="ResourceName">Resource name as predicted.</param>
/// <param name="Property">The property path checked, e.g. <c>properties.minimumTlsVersion</c>.</param>
/// <param name="Passed">Whether the rule holds.</param>
/// <param name="Evidence">What was found (and, on failure, what is required).</param>
public sealed record PolicyCheckResult(
    string RuleId,
    WafPillar Pillar,
    int Phase,
    string ResourceType,
    string ResourceName,
    string Property,
    bool Passed,
    string Evidence)
{
    /// <summary>
    /// The report's component when the result is one check over an object rather than "this resource" (e.g. the rule's
    /// title); its evidence is then complete as written. Null for resource results.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Component { get; init; }

    /// <summary>How the inspected object reads when it is not one named resource (<c>job x cluster y</c>, <c>resources (all)</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }

    /// <summary>The inspected object as reports and problems name it.</summary>
    [JsonIgnore]
    public string Inspected => Subject ?? $"{ResourceType} '{ResourceName}'";

    /// <summary>A failure as a toolkit problem: names the snapshot file, rule, resource and property.</summary>
    public Problem ToProblem(string snapshotFile = "") =>
        new(snapshotFile.Length > 0 ? snapshotFile : $"phase{Phase}", 0, 0, RuleId,
            $"{Inspected} {Property}: {Evidence}", Passed ? Severity.Warning : Severity.Error);
}

/// <summary>The persisted result set of one environment's gate rules (artifacts/&lt;env&gt;/infra/policy-results.json).</summary>
public sealed record PolicyReport(string Environment, string InputsHash, IReadOnlyList<PolicyRuleSummary> Rules, IReadOnlyList<PolicyCheckResult> Results)
{
    public int Passed => Results.Count(r => r.Passed);

    public int Failed => Results.Count(r => !r.Passed);
}
