using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra;

/// <summary>What a rule's failure does: a gate fails Validate (CheckInfraPolicies); an advisory rule only feeds the documents.</summary>
public enum PolicyKind
{
    Gate,
    Advisory,
}

/// <summary>
/// One rule of the checklist: its identity, pillar and title live here (no catalog elsewhere), and it evaluates one typed
/// input into results, passes included. Pure: same input, same results. Rules are found by <see cref="PolicyEngine"/>.
/// </summary>
public interface IPolicyRule
{
    /// <summary>Stable id, e.g. <c>storage.min-tls</c>: named in problems, reports and tests.</summary>
    string Id { get; }

    WafPillar Pillar { get; }

    string Title { get; }

    PolicyKind Kind { get; }

    /// <summary>What to do, as the report's recommendation column says it.</summary>
    string Recommendation => Title;

    /// <summary>Whether a failure is a gap an environment may accept (⚠️ in the report) rather than a defect (❌).</summary>
    bool GapAccepted => false;

    IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input);
}
