using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>One declared object permission: the principal and its level (governance.yaml objectPermissions).</summary>
public sealed record DeclaredGrant(Principal Principal, string Level);

/// <summary>The direct grants of an object compared with the declared ones (the owner and inherited grants aside).</summary>
public sealed record AclComparison(IReadOnlyList<(Principal Principal, string Level)> Undeclared, IReadOnlyList<DeclaredGrant> Missing, bool SomeDeclaredPresent)
{
    public bool Differs => Undeclared.Count > 0 || Missing.Count > 0;

    /// <summary>Changed by hand: a grant nobody declared, or a declared one gone while others are there.</summary>
    public bool Drifted => Undeclared.Count > 0 || (Missing.Count > 0 && SomeDeclaredPresent);

    public string Detail => "permissions: " + string.Join("; ", new[]
    {
        Undeclared.Count > 0 ? string.Join(", ", Undeclared.Select(g => $"{g.Principal}: {g.Level}")) + " not declared" : "",
        Missing.Count > 0 ? string.Join(", ", Missing.Select(g => $"{g.Principal}: {g.Level}")) + " missing" : "",
    }.Where(p => p.Length > 0));
}

/// <summary>Reads and compares /api/2.0/permissions answers. PUT replaces the direct grants; PATCH adds or updates them.</summary>
public static class ObjectAcl
{
    public static AclComparison Compare(IReadOnlyList<(Principal Principal, string Level)> direct, IReadOnlyList<DeclaredGrant> declared)
    {
        var live = direct.Where(g => g.Level != "IS_OWNER").ToList();
        var undeclared = live.Where(g => !declared.Any(d => d.Principal == g.Principal && d.Level == g.Level)).ToList();
        var missing = declared.Where(d => !live.Any(g => g.Principal == d.Principal && g.Level == d.Level)).ToList();
        return new AclComparison(undeclared, missing, declared.Count > missing.Count);
    }

    /// <summary>The direct (not inherited) grants of a permissions answer.</summary>
    public static IReadOnlyList<(Principal Principal, string Level)> Direct(JsonObject? permissions) => JobDrift.DirectGrants(permissions);

    /// <summary>
    /// Writes the declared grants: PATCH when only grants are missing (nothing else is touched), PUT with the owner's
    /// and the declared grants when an undeclared one must go.
    /// </summary>
    public static async Task WriteAsync(DatabricksClient client, string objectType, string objectId, IReadOnlyList<(Principal Principal, string Level)> direct,
        AclComparison comparison, IReadOnlyList<DeclaredGrant> declared, CancellationToken ct)
    {
        if (comparison.Undeclared.Count == 0)
        {
            await client.UpdatePermissionsAsync(objectType, objectId, [.. comparison.Missing.Select(g => g.Principal.Grant(g.Level))], ct);
            return;
        }

        var owner = direct.Where(g => g.Level == "IS_OWNER").Select(g => g.Principal.Grant("IS_OWNER"));
        await client.SetPermissionsAsync(objectType, objectId, [.. owner, .. declared.Select(g => g.Principal.Grant(g.Level))], ct);
    }
}
