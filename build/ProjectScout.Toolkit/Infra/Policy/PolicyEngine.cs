using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra;

/// <summary>
/// Runs the rules over one input. Every rule is one class implementing <see cref="IPolicyRule"/> in this assembly (one per
/// file under Infra/Policy/Rules); adding the file registers it. Results come in a stable order: phase, rule, resource, property.
/// </summary>
public static class PolicyEngine
{
    public static IReadOnlyList<IPolicyRule> Rules { get; } = typeof(PolicyEngine).Assembly.GetTypes()
        .Where(t => typeof(IPolicyRule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IPolicyRule)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Id, StringComparer.Ordinal)
        .ToList();

    private static readonly Dictionary<string, IPolicyRule> ById = Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);

    public static IEnumerable<IPolicyRule> OfKind(PolicyKind kind) => Rules.Where(r => r.Kind == kind);

    public static IPolicyRule? Find(string id) => ById.GetValueOrDefault(id);

    public static IReadOnlyList<PolicyCheckResult> Evaluate(PolicyInput input, PolicyKind kind) =>
        Sorted(OfKind(kind).SelectMany(r => r.Evaluate(input)));

    public static IReadOnlyList<PolicyCheckResult> Sorted(IEnumerable<PolicyCheckResult> results) => results
        .OrderBy(r => r.Phase).ThenBy(r => r.RuleId, StringComparer.Ordinal).ThenBy(r => r.ResourceType, StringComparer.Ordinal)
        .ThenBy(r => r.ResourceName, StringComparer.Ordinal).ThenBy(r => r.Property, StringComparer.Ordinal)
        .ToList();
}
