namespace ProjectScout.Model.Governance;

/// <summary>
/// Unity Catalog privilege names (REST spelling, underscores) each securable type accepts, as the service documents
/// them: a grant governance.yaml declares is checked against its securable's set before anything is sent.
/// </summary>
public static class UnityCatalogPrivileges
{
    public const string Catalog = "catalog";
    public const string Schema = "schema";
    public const string Table = "table";
    public const string Function = "function";

    /// <summary>Privileges inherited by the securables below (catalog → schema → table, function).</summary>
    private static readonly string[] Inheritable =
        ["CREATE_FUNCTION", "CREATE_TABLE", "CREATE_VOLUME", "CREATE_MATERIALIZED_VIEW", "EXECUTE", "MODIFY", "REFRESH", "SELECT", "READ_VOLUME", "WRITE_VOLUME", "USE_SCHEMA", "READ_METADATA", "EXTERNAL_USE_SCHEMA"];

    /// <summary>securable type (lowercase, as in the permissions path) → the privileges it accepts.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> BySecurable { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [Catalog] = new SortedSet<string>(["ALL_PRIVILEGES", "APPLY_TAG", "BROWSE", "CREATE_CONNECTION", "CREATE_SCHEMA", "MANAGE", "USE_CATALOG", .. Inheritable], StringComparer.Ordinal),
        [Schema] = new SortedSet<string>(["ALL_PRIVILEGES", "APPLY_TAG", "MANAGE", .. Inheritable], StringComparer.Ordinal),
        [Table] = new SortedSet<string>(["ALL_PRIVILEGES", "APPLY_TAG", "MANAGE", "SELECT", "MODIFY"], StringComparer.Ordinal),
        [Function] = new SortedSet<string>(["ALL_PRIVILEGES", "APPLY_TAG", "MANAGE", "EXECUTE"], StringComparer.Ordinal),
    };

    /// <summary>True when <paramref name="privilege"/> can be granted on a <paramref name="securableType"/>.</summary>
    public static bool Accepts(string securableType, string privilege) =>
        BySecurable.TryGetValue(securableType, out var set) && set.Contains(privilege);
}

/// <summary>Permission levels of the workspace objects the toolkit sets ACLs on (/api/2.0/permissions/{type}/{id}).</summary>
public static class ObjectPermissionLevels
{
    public const string Jobs = "jobs";
    public const string Directories = "directories";
    public const string ClusterPolicies = "cluster-policies";
    public const string Warehouses = "warehouses";

    /// <summary>object type → the levels it accepts (IS_OWNER is not declared: exactly one, the deployer).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByType { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Jobs] = ["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE"],
        [Directories] = ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"],
        [ClusterPolicies] = ["CAN_USE"],
        [Warehouses] = ["CAN_VIEW", "CAN_MONITOR", "CAN_USE", "CAN_MANAGE"],
    };
}
