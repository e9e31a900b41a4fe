using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;

namespace ProjectScout.Model.Governance;

/// <summary>
/// governance.yaml's abstract roles mapped to one environment's principals, the one place this is decided: the pipeline
/// role to the run-as service principal's application id, every other role to the account group principals.groups
/// names. Grants, mask and filter functions, object ACLs, documents and the local access proof all read it.
/// </summary>
/// <param name="sourceFile">The environment file, named when a role it maps to nobody reaches a grant.</param>
public sealed class AccessPrincipals(GovernanceDeclaration governance, PrincipalSettings principals, string sourceFile = "")
{
    public AccessPrincipals(GovernanceDeclaration governance, EnvironmentDefinition environment)
        : this(governance, environment.Principals, environment.SourceFile)
    {
    }

    public GovernanceDeclaration Governance { get; } = governance;

    /// <summary>True for the pipeline role: its principal is a service principal (by application id), not a group.</summary>
    public bool IsServicePrincipal(string role) => role == Governance.PipelineRole;

    /// <summary>The principal name of <paramref name="role"/>, or null when the environment names none.</summary>
    public string? Of(string role) => IsServicePrincipal(role)
        ? (principals.RunAsApplicationId.Length > 0 ? principals.RunAsApplicationId : null)
        : principals.Groups.GetValueOrDefault(role);

    /// <summary>The principal names of <paramref name="roles"/> that the environment maps, sorted.</summary>
    public IReadOnlyList<string> Of(IEnumerable<string> roles) =>
        roles.Select(Of).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The principal a grant, mask or ACL of <paramref name="role"/> names. Validation refuses an environment that maps a
    /// role to nobody (EnvironmentValidator: runAsApplicationId; <see cref="AccessChecks.Principals"/>: a group per
    /// role), so this never guesses a name: a grant to a principal nobody declared would be wrong in silence.
    /// </summary>
    public string Require(string role) => Of(role) ?? throw new ToolkitException(
        $"{(sourceFile.Length > 0 ? sourceFile + ": " : "")}principals maps no principal to the role '{role}' of templates/governance.yaml; add " +
        (IsServicePrincipal(role) ? "principals.runAsApplicationId" : $"principals.groups.{role}") + " (ValidateEnvironments checks every role).");

    /// <summary>"analysts (juicer-analysts-dev)", or the role alone when the environment maps none.</summary>
    public string Describe(string role) => Of(role) is { } name ? $"{role} (`{name}`)" : $"{role} (no principal)";
}
