using System.Text.Json.Nodes;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Governance;

namespace ProjectScout.Toolkit.Governance;

/// <summary>
/// What one environment's access must be, from governance.yaml, the contracts and the environment's principals: the
/// catalog's grants, the tables with their masks and row filters, the DDL warehouse, and the object ACLs. The workspace
/// adapters compare the live workspace with it; documents and offline proofs read the same pure parts.
/// </summary>
/// <param name="catalogSchemas">The catalog's schemas that belong to no layer (lakehouse.yaml unityCatalog), granted per governance.yaml catalogSchemas.</param>
public sealed class AccessDesired(GovernanceDeclaration governance, ContractSet contracts, EnvironmentDefinition environment, IReadOnlyList<string>? catalogSchemas = null)
{
    private readonly AccessPrincipals _principals = new(governance, environment);

    private IReadOnlyList<SecurableGrants>? _grants;

    private IReadOnlyList<SecurableGrants>? _backupGrants;

    private bool _backupOnly;

    private readonly Lazy<ColumnMaskModel> _masks = new(() => ColumnMasks.Build(governance, contracts));

    public GovernanceDeclaration Governance => governance;

    public ContractSet Contracts => contracts;

    public EnvironmentDefinition Environment => environment;

    /// <summary>--revoke-unmanaged-grants: grants nobody declared are revoked (otherwise only reported).</summary>
    public bool RevokeUnmanagedGrants { get; init; }

    public string Catalog => environment.Databricks.Catalog;

    /// <summary>The environment's Unity Catalog principal of a role: the run-as application id or the role's group (<see cref="AccessPrincipals.Require"/>).</summary>
    public string PrincipalOf(string role) => _principals.Require(role);

    public IReadOnlyList<SecurableGrants> Grants => _backupOnly ? BackupGrants : _grants ??= DesiredGrants.Build(governance, Catalog, PrincipalOf, catalogSchemas);

    /// <summary>The backup catalog (Recovery.BackupTarget), when the environment has a backup account; its grants are <see cref="BackupGrants"/>.</summary>
    public Recovery.BackupTarget? Backup { get; init; }

    /// <summary>The pipeline's grants on the backup catalog and its schemas (deployed with the backup account, phase 3: DeployPhases).</summary>
    public IReadOnlyList<SecurableGrants> BackupGrants => _backupGrants ??= Backup is { } backup
        ? DesiredGrants.Backup(governance, backup.Catalog, backup.Schemas, PrincipalOf)
        : [];

    /// <summary>The same declaration reduced to the backup catalog's grants (what the backup plane deploys with the backup account).</summary>
    public AccessDesired BackupOnly() => new(governance, contracts, environment, catalogSchemas) { Backup = Backup, RevokeUnmanagedGrants = RevokeUnmanagedGrants, _backupOnly = true };

    /// <summary>The AI/BI dashboards the workspace holds on the DDL warehouse (the quality dashboard; DashboardAdapter).</summary>
    public IReadOnlyList<Databricks.Adapters.DashboardSpec> Dashboards { get; init; } = [];

    public ColumnMaskModel Masks => _masks.Value;

    /// <summary>The DDL warehouse's name: the workspace's name with a -sql suffix (one per workspace).</summary>
    public string WarehouseName => WarehouseNameOf(environment);

    /// <summary>The DDL warehouse's name in <paramref name="environment"/> (documents name it without the governance declaration).</summary>
    public static string WarehouseNameOf(EnvironmentDefinition environment) => environment.Names.DatabricksWorkspace + "-sql";

    /// <summary>The full name of a contract table in this catalog.</summary>
    public string TableName(TableName table) => $"{Catalog}.{table.Layer}.{table.Table}";

    /// <summary>The declared ACL of an object type (ObjectPermissionLevels), as access_control_list entries sorted by principal.</summary>
    public IReadOnlyList<Databricks.Adapters.DeclaredGrant> Acl(string objectType) =>
        (governance.ObjectPermissions.GetValueOrDefault(objectType) ?? new Dictionary<string, string>())
            .Select(g => new Databricks.Adapters.DeclaredGrant(AclPrincipal(g.Key), g.Value))
            .OrderBy(g => g.Principal.ToString(), StringComparer.Ordinal).ToList();

    /// <summary>A role as the Permissions API names it: the pipeline's service principal by application id, a group by name.</summary>
    public Databricks.Adapters.Principal AclPrincipal(string role) =>
        new(_principals.IsServicePrincipal(role) ? "service_principal_name" : "group_name", PrincipalOf(role));
}
