namespace ProjectScout.Toolkit.Docs;

/// <summary>The five Well-Architected pillars, in the order the assessment lists them.</summary>
public enum WafPillar
{
    CostOptimization,
    Reliability,
    OperationalExcellence,
    PerformanceEfficiency,
    Security,
}

public enum AlignmentStatus
{
    /// <summary>✅ the check passed.</summary>
    Aligned,

    /// <summary>⚠️ the check failed, but the gap is accepted for this environment (advisory).</summary>
    Partial,

    /// <summary>❌ the check failed.</summary>
    Missing,
}

/// <summary>
/// One check result as data, passes included: which rule, which pillar, what was inspected (resource and property, or job
/// and field, or contract and rule) and what was found. The alignment report prints these; it never decides a status itself.
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
    bool Advisory = false)
{
    public AlignmentStatus Status => Passed ? AlignmentStatus.Aligned : Advisory ? AlignmentStatus.Partial : AlignmentStatus.Missing;

    public string Symbol => Status switch
    {
        AlignmentStatus.Aligned => "✅",
        AlignmentStatus.Partial => "⚠️",
        _ => "❌",
    };
}

public static class WafPillars
{
    public static string Title(WafPillar pillar) => pillar switch
    {
        WafPillar.CostOptimization => "Cost Optimization",
        WafPillar.Reliability => "Reliability",
        WafPillar.OperationalExcellence => "Operational Excellence",
        WafPillar.PerformanceEfficiency => "Performance Efficiency",
        _ => "Security",
    };
}
