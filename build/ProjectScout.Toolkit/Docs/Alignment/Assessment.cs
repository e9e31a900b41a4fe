using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Docs.Alignment;

// The typed form of templates/assessment.yaml: every row of the assessment the project started from, each with the
// evidence that makes it true. Pure data; AssessmentLoader reads it, AssessmentRows evaluates it.

/// <summary>One piece of evidence: every result of the policy <paramref name="Rules"/> passes, or the named <paramref name="Check"/> holds.</summary>
public sealed record EvidenceReference(IReadOnlyList<string> Rules, string? Check, string? Argument)
{
    public string Display => Check is null ? "rules " + string.Join(", ", Rules) : Argument is null ? Check : $"{Check}({Argument})";
}

/// <summary>Where an item sits in the assessment.</summary>
public enum AssessmentSection
{
    Medallion,
    PillarComponent,
    PillarRecommendation,
    PhasePlan,
}

/// <summary>
/// One row of the assessment. <paramref name="Heading"/> is the layer (medallion), the pillar's title (pillar rows) or
/// "Phase N: title" (phase plan); <paramref name="Group"/> is the phase's group (phase plan), empty otherwise.
/// </summary>
public sealed record AssessmentItem(string Id, AssessmentSection Section, string Heading, string Group, string Text, string? Gap,
    IReadOnlyList<EvidenceReference> Evidence, int Line)
{
    public WafPillar? Pillar { get; init; }
}

/// <summary>Everything templates/assessment.yaml declares, in the assessment's order.</summary>
public sealed record AssessmentDeclaration(IReadOnlyList<AssessmentItem> Items)
{
    public const string FileName = "assessment.yaml";

    public IEnumerable<AssessmentItem> In(AssessmentSection section) => Items.Where(i => i.Section == section);
}
