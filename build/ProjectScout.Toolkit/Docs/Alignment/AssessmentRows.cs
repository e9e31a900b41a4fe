namespace ProjectScout.Toolkit.Docs.Alignment;

/// <summary>One assessment item with what its evidence showed.</summary>
public sealed record AssessmentRow(AssessmentItem Item, Evidence Evidence)
{
    public AlignmentStatus Status => Evidence.Status;

    public string Symbol => Status switch
    {
        AlignmentStatus.Aligned => "✅",
        AlignmentStatus.Partial => "⚠️",
        _ => "❌",
    };
}

/// <summary>Evaluates every item of the assessment; an item whose evidence lists nothing is "not implemented".</summary>
public static class AssessmentRows
{
    public static IReadOnlyList<AssessmentRow> Evaluate(AssessmentDeclaration assessment, EvidenceInput input) =>
        assessment.Items.Select(item => new AssessmentRow(item, item.Evidence.Count == 0
            ? Evidence.Missing($"not implemented: {item.Gap ?? "no evidence is declared for this item"}")
            : EvidenceChecks.Combine(item.Evidence.Select(e => EvidenceChecks.Evaluate(e, input)).ToList()))).ToList();
}
