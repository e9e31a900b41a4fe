using ProjectScout.Model.Environments;
using ProjectScout.Model.Governance;

namespace ProjectScout.Toolkit.Governance;

/// <summary>
/// governance.yaml's abstract roles mapped to one environment's principals: the pipeline role to the run-as service
/// principal's application id, every other role to the account group principals.groups names.
/// </summary>
public sealed class AccessPrincipals(GovernanceDeclaration governance, PrincipalSettings principals)
{
    public GovernanceDeclaration Governance { get; } = governance;

    /// <summary>The principal name of <paramref name="role"/>, or null when the environment names none.</summary>
    public string? Of(string role) => role == Governance.PipelineRole
        ? (principals.RunAsApplicationId.Length > 0 ? principals.RunAsApplicationId : null)
        : principals.Groups.GetValueOrDefault(role);

    /// <summary>The principal names of <paramref name="roles"/> that the environment maps, sorted.</summary>
    public IReadOnlyList<string> Of(IEnumerable<string> roles) =>
        roles.Select(Of).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>"analysts (juicer-analysts-dev)", or the role alone when the environment maps none.</summary>
    public string Describe(string role) => Of(role) is { } name ? $"{role} (`{name}`)" : $"{role} (no principal)";
}
