using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Docs;

public enum AlignmentStatus
{
    /// <summary>✅ the check passed.</summary>
    Aligned,

    /// <summary>⚠️ the check failed, but the rule accepts the gap (e.g. an environment may run without an ingestion cap).</summary>
    Partial,

    /// <summary>❌ the check failed.</summary>
    Missing,
}

/// <summary>
/// One check result as a row of the alignment report, passes included: which rule, which pillar, what was inspected
/// (resource and property, or job and field, or contract) and what was found. The report prints these; it never decides a
/// status itself. <paramref name="Source"/> names the check that produced it (CheckInfraPolicies for the infrastructure).
/// </summary>
public sealed record AlignmentFinding(
    string RuleId,
    WafPillar Pillar,
    string Component,
    string Resource,
    string Property,
    bool Passed,
    string Evidence,
    string Recommendation,
    bool GapAccepted = false,
    string Source = AlignmentFinding.DocsSource)
{
    public const string InfraSource = "CheckInfraPolicies";
    public const string DocsSource = "Docs";

    /// <summary>
    /// A rule's result as a row: a gate's under CheckInfraPolicies (which enforces it), an advisory rule's under Docs.
    /// A resource result reads "resource · phase: evidence" with the rule's title as recommendation; a result that names
    /// its own component keeps its evidence as written.
    /// </summary>
    public static AlignmentFinding From(PolicyCheckResult result)
    {
        var rule = PolicyEngine.Find(result.RuleId);
        return new AlignmentFinding(result.RuleId, result.Pillar,
            result.Component ?? $"{result.ResourceType.Split('/').Last()} `{result.ResourceName}`",
            result.Inspected,
            result.Property,
            result.Passed,
            result.Component is null ? $"phase{result.Phase}: {result.Evidence}" : result.Evidence,
            rule?.Recommendation ?? result.RuleId,
            GapAccepted: rule?.GapAccepted ?? false,
            Source: rule?.Kind == PolicyKind.Advisory ? DocsSource : InfraSource);
    }

    public AlignmentStatus Status => Passed ? AlignmentStatus.Aligned : GapAccepted ? AlignmentStatus.Partial : AlignmentStatus.Missing;

    public string Symbol => Status switch
    {
        AlignmentStatus.Aligned => "✅",
        AlignmentStatus.Partial => "⚠️",
        _ => "❌",
    };
}

public static class WafPillars
{
    /// <summary>The order the assessment lists the pillars in.</summary>
    public static readonly IReadOnlyList<WafPillar> InReportOrder =
        [WafPillar.CostOptimization, WafPillar.Reliability, WafPillar.OperationalExcellence, WafPillar.PerformanceEfficiency, WafPillar.Security];

    public static string Title(WafPillar pillar) => pillar switch
    {
        WafPillar.CostOptimization => "Cost Optimization",
        WafPillar.Reliability => "Reliability",
        WafPillar.OperationalExcellence => "Operational Excellence",
        WafPillar.PerformanceEfficiency => "Performance Efficiency",
        _ => "Security",
    };
}
