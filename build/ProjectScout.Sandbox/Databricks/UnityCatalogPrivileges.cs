namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// Whether a principal holds a Unity Catalog privilege on a securable, directly or inherited down catalog → schema →
/// table, as the service decides it: an owner holds every privilege on what it owns and below; ALL_PRIVILEGES stands for
/// every privilege; a grant to "account users" reaches everyone. Reads <see cref="UnityCatalogState.Grants"/> only.
/// </summary>
internal static class UnityCatalogPrivileges
{
    /// <summary>The group every account principal is a member of.</summary>
    public const string AccountUsers = "account users";

    /// <summary>
    /// True when <paramref name="principal"/> holds <paramref name="privilege"/> (underscored, e.g. USE_SCHEMA) on the
    /// catalog, schema (catalog.schema) or table (catalog.schema.table) named <paramref name="fullName"/>.
    /// </summary>
    public static bool Holds(UnityCatalogState state, string principal, string privilege, string fullName)
    {
        var parts = fullName.Split('.');
        for (var depth = parts.Length; depth >= 1; depth--)
        {
            var name = string.Join('.', parts.Take(depth));
            var type = depth switch { 1 => "catalog", 2 => "schema", _ => "table" };
            if (Owner(state, type, name) is { } owner && Same(owner, principal))
            {
                return true;
            }

            if (state.Grants.TryGetValue($"{type}:{name}", out var grants)
                && grants.Any(g => (Same(g.Key, principal) || Same(g.Key, AccountUsers)) && (g.Value.Contains(privilege) || g.Value.Contains("ALL_PRIVILEGES"))))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Owner(UnityCatalogState state, string type, string name) => type switch
    {
        "catalog" => state.Catalogs.TryGetValue(name, out var catalog) ? catalog.Owner : null,
        "schema" => state.Schemas.TryGetValue(name, out var schema) ? schema.Owner : null,
        _ => state.Tables.TryGetValue(name, out var table) ? table.Owner : null,
    };

    private static bool Same(string a, string b) => a.Length > 0 && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
