using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;

namespace ProjectScout.Model.Governance;

/// <summary>One securable's declared direct grants: principal → privileges (REST names), sorted.</summary>
/// <param name="SecurableType">Lowercase, as in the permissions path: catalog, schema, table.</param>
/// <param name="FullName">catalog, catalog.schema or catalog.schema.table.</param>
public sealed record SecurableGrants(string SecurableType, string FullName, IReadOnlyDictionary<string, IReadOnlySet<string>> Privileges)
{
    /// <summary>The sandbox's and the plan's key: "&lt;type&gt;:&lt;full name&gt;".</summary>
    public string Key => SecurableType + ":" + FullName;
}

/// <summary>
/// The Unity Catalog grants governance.yaml implies for one catalog, pure: USE_CATALOG on the catalog for every role that
/// holds anything below it, each layer's schema grants, each table's. Principals come from <paramref name="principalOf"/>
/// (an environment's: <see cref="AccessPrincipals.Require"/>; identity gives the roles themselves, for documents and offline checks).
/// </summary>
public static class DesiredGrants
{
    /// <param name="catalogSchemas">The catalog's schemas that belong to no layer; each gets <see cref="GovernanceDeclaration.CatalogSchemaGrants"/>.</param>
    public static IReadOnlyList<SecurableGrants> Build(GovernanceDeclaration governance, string catalog, Func<string, string> principalOf, IReadOnlyList<string>? catalogSchemas = null)
    {
        var result = new List<SecurableGrants>();
        var schemaGrants = catalogSchemas is { Count: > 0 } ? governance.CatalogSchemaGrants : [];
        var holders = governance.Access.SelectMany(a => a.Grants).Concat(schemaGrants).Where(g => g.Privileges.Count > 0).Select(g => g.Role).Distinct().Order(StringComparer.Ordinal).ToList();
        if (holders.Count > 0)
        {
            result.Add(new SecurableGrants(UnityCatalogPrivileges.Catalog, catalog,
                Map(holders.Select(r => (r, (IEnumerable<string>)["USE_CATALOG"])), principalOf)));
        }

        foreach (var group in governance.Access.GroupBy(a => (a.Layer, a.Table)))
        {
            var (type, name) = group.Key.Table is null
                ? (UnityCatalogPrivileges.Schema, $"{catalog}.{group.Key.Layer}")
                : (UnityCatalogPrivileges.Table, $"{catalog}.{group.Key.Layer}.{group.Key.Table}");
            result.Add(new SecurableGrants(type, name, Map(group.SelectMany(a => a.Grants).Select(g => (g.Role, (IEnumerable<string>)g.Privileges)), principalOf)));
        }

        foreach (var schema in schemaGrants.Count > 0 ? catalogSchemas! : [])
        {
            result.Add(new SecurableGrants(UnityCatalogPrivileges.Schema, $"{catalog}.{schema}", Map(schemaGrants.Select(g => (g.Role, (IEnumerable<string>)g.Privileges)), principalOf)));
        }

        return result.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The backup catalog's grants: the pipeline role runs the backup job, so it gets USE_CATALOG on the catalog and, on
    /// each backup schema, its <see cref="GovernanceDeclaration.CatalogSchemaGrants"/> privileges (it writes the clones as
    /// it writes the catalog's own schemas). Nobody else is granted anything: a restore runs as the deploying principal.
    /// </summary>
    public static IReadOnlyList<SecurableGrants> Backup(GovernanceDeclaration governance, string backupCatalog, IReadOnlyList<string> schemas, Func<string, string> principalOf)
    {
        var pipeline = governance.CatalogSchemaGrants.Where(g => g.Role == governance.PipelineRole && g.Privileges.Count > 0)
            .Select(g => (g.Role, (IEnumerable<string>)g.Privileges)).ToList();
        if (pipeline.Count == 0)
        {
            return [];
        }

        return schemas.Select(s => new SecurableGrants(UnityCatalogPrivileges.Schema, $"{backupCatalog}.{s}", Map(pipeline, principalOf)))
            .Prepend(new SecurableGrants(UnityCatalogPrivileges.Catalog, backupCatalog, Map([(governance.PipelineRole, ["USE_CATALOG"])], principalOf)))
            .OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Map(IEnumerable<(string Role, IEnumerable<string> Privileges)> grants, Func<string, string> principalOf)
    {
        var map = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (role, privileges) in grants)
        {
            var principal = principalOf(role);
            if (!map.TryGetValue(principal, out var set))
            {
                map[principal] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(privileges);
        }

        return map.Where(m => m.Value.Count > 0).ToDictionary(m => m.Key, m => (IReadOnlySet<string>)m.Value, StringComparer.Ordinal);
    }
}

/// <summary>Checks across the declarations: the contracts' classifications and an environment's principals against governance.yaml.</summary>
public static class AccessChecks
{
    /// <summary>Every classification a contract column names must be declared in governance.yaml.</summary>
    public static IReadOnlyList<Diagnostics.Problem> Classifications(GovernanceDeclaration governance, ContractSet contracts) =>
        contracts.Tables.SelectMany(t => t.Columns.Where(c => c.Classification is { } name && governance.Classification(name) is null)
                .Select(c => new Diagnostics.Problem(t.SourceFile, c.Line, 1, "contract.classification",
                    $"{t.Name}.{c.Name}: classification '{c.Classification}' is not declared in templates/governance.yaml; use one of {string.Join(", ", governance.Classifications.Select(k => k.Name))} or declare it there.")))
            .ToList();

    /// <summary>Every group role of governance.yaml needs a group in the environment's principals.groups, and no other role may appear there.</summary>
    public static IReadOnlyList<Diagnostics.Problem> Principals(GovernanceDeclaration governance, EnvironmentDefinition environment)
    {
        var groups = environment.Principals.Groups;
        var problems = governance.GroupRoles.Where(r => !groups.ContainsKey(r))
            .Select(r => $"principals.groups has no group for the role '{r}' (templates/governance.yaml roles); add '{r}: <account group name>'.")
            .Concat(groups.Keys.Where(k => !governance.GroupRoles.Contains(k))
                .Select(k => $"principals.groups.{k} is not a group role of templates/governance.yaml ({string.Join(", ", governance.GroupRoles)}); remove it or declare the role."));
        return problems.Select(m => new Diagnostics.Problem(environment.SourceFile, 0, 0, "env.principals", m)).ToList();
    }
}
