using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Role assignments as the snapshots declare them: an extension resource under its scope's id.</summary>
internal static class RoleAssignment
{
    /// <summary>Assignments of built-in role <paramref name="roleGuid"/> whose scope is exactly <paramref name="scope"/>.</summary>
    public static IEnumerable<SnapshotResource> On(PolicyInput input, SnapshotResource scope, string roleGuid) =>
        input.OfType(RoleAssignments.Name).Where(a =>
            a.Id.StartsWith($"{scope.Id}/providers/{RoleAssignments.Name}/", StringComparison.OrdinalIgnoreCase)
            && Str(a.Get("properties.roleDefinitionId")).EndsWith("/" + roleGuid, StringComparison.OrdinalIgnoreCase));

    /// <summary>The assigned principal: a literal object id, or the template expression that reads a managed identity.</summary>
    public static string Principal(SnapshotResource assignment) => Str(assignment.Get("properties.principalId"));

    /// <summary>Whether the principal is the system-assigned identity of an access connector (an expression reading its identity.principalId).</summary>
    public static bool IsAccessConnectorIdentity(string principal) =>
        principal.Contains($"/providers/{AccessConnectors.Name}/", StringComparison.OrdinalIgnoreCase)
        && principal.Contains("identity.principalId", StringComparison.Ordinal);
}
