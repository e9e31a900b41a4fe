namespace ProjectScout.Model.Governance;

// The typed form of templates/governance.yaml: who may do what on the lakehouse's data, what each data classification
// hides from whom, and which patterns in free text are personal data. Pure data, no I/O (GovernanceLoader reads it).
// Roles are abstract here; each environment maps them to its groups (principals.groups) and its run-as principal.

/// <summary>How a masked value reads for a principal outside the classification's readers.</summary>
public enum MaskStyle
{
    /// <summary>A stable hash (joins and counts still work, the value does not).</summary>
    Hash,

    /// <summary>A constant such as <c>***</c>.</summary>
    Redact,
}

/// <summary>A column classification (<c>pii</c>, <c>confidential</c>): the roles that read it in clear, and the mask for everyone else.</summary>
public sealed record DataClassification(string Name, string Description, IReadOnlyList<string> ClearReaders, MaskStyle Mask);

/// <summary>A kind of personal data found in free text (phone, e-mail, card, account), replaced before text leaves the lakehouse.</summary>
public sealed record FreeTextPattern(string Name, string Regex, string Replacement);

/// <summary>One role's privileges (Unity Catalog names, underscores: <c>SELECT</c>, <c>MODIFY</c>, <c>USE_SCHEMA</c>).</summary>
public sealed record AccessGrant(string Role, IReadOnlyList<string> Privileges);

/// <summary>Access to one layer's schema, or to one table in it when <paramref name="Table"/> is set.</summary>
public sealed record LayerAccess(string Layer, string? Table, IReadOnlyList<AccessGrant> Grants, int Line);

/// <summary>
/// A row filter on one layer's tables that have <paramref name="Column"/> (or on one table when <paramref name="Table"/> is
/// set): roles in <paramref name="AllRowsReaders"/> see every row, everyone else only rows whose column value is one of
/// <paramref name="VisibleValues"/> (no rows when empty).
/// </summary>
public sealed record RowFilterDeclaration(string Layer, string? Table, string Column, IReadOnlyList<string> AllRowsReaders, IReadOnlyList<string> VisibleValues, int Line);

/// <summary>The SQL warehouse the toolkit runs its DDL on (serverless PRO; its name follows the environment's workspace).</summary>
public sealed record SqlWarehouseDeclaration(string ClusterSize, int AutoStopMinutes, int MaxNumClusters)
{
    public static readonly IReadOnlyList<string> ClusterSizes = ["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large", "5X-Large"];
}

/// <summary>Everything templates/governance.yaml declares.</summary>
/// <param name="Roles">Every role; <paramref name="PipelineRole"/> is the environment's run-as service principal, the others its groups.</param>
/// <param name="FunctionSchema">The schema in the environment's catalog holding the generated mask and row-filter functions.</param>
/// <param name="LlmProviderHosts">The only hosts the insight notebooks may call (and a firewall's application rules allow).</param>
public sealed record GovernanceDeclaration(
    IReadOnlyList<string> Roles,
    string PipelineRole,
    IReadOnlyList<DataClassification> Classifications,
    IReadOnlyList<FreeTextPattern> FreeTextPatterns,
    IReadOnlyList<LayerAccess> Access,
    IReadOnlyList<string> LlmProviderHosts,
    string FunctionSchema)
{
    public const string FileName = "governance.yaml";

    /// <summary>
    /// Privileges on every schema of the catalog that belongs to no layer (lakehouse.yaml unityCatalog: the quality
    /// results), per role (governance.yaml catalogSchemas).
    /// </summary>
    public IReadOnlyList<AccessGrant> CatalogSchemaGrants { get; init; } = [];

    /// <summary>Row filters per layer or table (governance.yaml rowFilters).</summary>
    public IReadOnlyList<RowFilterDeclaration> RowFilters { get; init; } = [];

    /// <summary>Workspace object ACLs: object type (<see cref="ObjectPermissionLevels"/>) → role → permission level.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ObjectPermissions { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>The DDL warehouse's size and auto-stop (governance.yaml sqlWarehouse).</summary>
    public SqlWarehouseDeclaration SqlWarehouse { get; init; } = new("2X-Small", 10, 1);

    /// <summary>
    /// Jobs whose grants a deploy reads in turn beyond those it writes or never read (governance.yaml
    /// jobPermissionReadsPerDeploy); null: every job's grants on every deploy.
    /// </summary>
    public int? JobPermissionReadsPerDeploy { get; init; }

    public DataClassification? Classification(string name) => Classifications.FirstOrDefault(c => c.Name == name);

    /// <summary>The group roles (every role but the pipeline's).</summary>
    public IReadOnlyList<string> GroupRoles => Roles.Where(r => r != PipelineRole).ToList();
}
