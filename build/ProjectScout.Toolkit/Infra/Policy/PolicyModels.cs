using System.Text.Json.Serialization;
using ProjectScout.Toolkit.Diagnostics;

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

/// <summary>One rule of the pre-deploy checklist (docs/infrastructure.md lists them all).</summary>
public sealed record PolicyRule(string Id, WafPillar Pillar, string Title);

/// <summary>
/// One evaluation of one rule against one resource (or one template, for limits): passes are recorded as well as
/// failures, so reports (e.g. the Well-Architected report) are computed from exactly these values.
/// </summary>
/// <param name="RuleId">Stable rule id, e.g. <c>storage.min-tls</c>.</param>
/// <param name="Pillar">Well-Architected pillar.</param>
/// <param name="Phase">Deployment phase whose snapshot holds the resource (1-3).</param>
/// <param name="ResourceType">ARM type, e.g. <c>Microsoft.Storage/storageAccounts</c>.</param>
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
    /// <summary>A failure as a toolkit problem: names the snapshot file, rule, resource and property.</summary>
    public Problem ToProblem(string snapshotFile = "") =>
        new(snapshotFile.Length > 0 ? snapshotFile : $"phase{Phase}", 0, 0, RuleId,
            $"{ResourceType} '{ResourceName}' {Property}: {Evidence}", Passed ? Severity.Warning : Severity.Error);
}

/// <summary>The persisted result set of one environment (artifacts/&lt;env&gt;/infra/policy-results.json).</summary>
public sealed record PolicyReport(string Environment, string InputsHash, IReadOnlyList<PolicyRule> Rules, IReadOnlyList<PolicyCheckResult> Results)
{
    public int Passed => Results.Count(r => r.Passed);

    public int Failed => Results.Count(r => !r.Passed);
}
