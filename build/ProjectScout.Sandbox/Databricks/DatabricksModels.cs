using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>The persisted Databricks workspace (databricks.json). Sorted collections keep the file deterministic.</summary>
internal sealed class DatabricksState
{
    public long NextObjectId { get; set; } = 1_000_000_000_000_001;
    public long NextJobId { get; set; } = 700_000_000_000_001;
    public long NextPolicySequence { get; set; } = 1;
    public long NextRunId { get; set; } = 500_000_000_000_001;
    public SortedDictionary<string, WorkspaceObject> Workspace { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<long, JobRecord> Jobs { get; set; } = [];
    public SortedDictionary<string, PolicyRecord> Policies { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, SecretScopeRecord> SecretScopes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Direct grants per object, keyed "jobs/123", "cluster-policies/ABC", "directories/1000…".</summary>
    public SortedDictionary<string, JsonArray> Permissions { get; set; } = new(StringComparer.Ordinal);

    public UnityCatalogState UnityCatalog { get; set; } = new();

    /// <summary>SQL warehouses by id.</summary>
    public SortedDictionary<string, WarehouseRecord> Warehouses { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Job runs by run id (run-now); their states follow from the clock (RunModels.cs).</summary>
    public SortedDictionary<long, RunRecord> Runs { get; set; } = [];

    /// <summary>AI/BI (Lakeview) dashboards by dashboard id; each is also a DASHBOARD workspace object at its path.</summary>
    public SortedDictionary<string, DashboardRecord> Dashboards { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class DashboardRecord
{
    public required string DashboardId { get; set; }
    public required string DisplayName { get; set; }
    public required string ParentPath { get; set; }
    public required string Path { get; set; }
    public string SerializedDashboard { get; set; } = "";
    public string? WarehouseId { get; set; }
    public long Etag { get; set; } = 1;
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }

    /// <summary>The published revision (warehouse, embedded credentials, time); null while only a draft.</summary>
    public JsonObject? Published { get; set; }
}

internal sealed class WorkspaceObject
{
    public required string Path { get; set; }

    /// <summary>DIRECTORY, NOTEBOOK or FILE.</summary>
    public required string ObjectType { get; set; }
    public string? Language { get; set; }
    public long ObjectId { get; set; }
    public long CreatedAt { get; set; }
    public long ModifiedAt { get; set; }

    /// <summary>SHA-256 of the object's bytes in the blob store (notebooks and files).</summary>
    public string? ContentSha256 { get; set; }
    public long? Size { get; set; }

    /// <summary>The id of the resource behind the object (a dashboard's id); null for notebooks, files and folders.</summary>
    public string? ResourceId { get; set; }
}

internal sealed class JobRecord
{
    public long JobId { get; set; }
    public required string CreatorUserName { get; set; }
    public long CreatedTime { get; set; }
    public required JsonObject Settings { get; set; }
}

internal sealed class PolicyRecord
{
    public required string PolicyId { get; set; }
    public required string Name { get; set; }
    public string? Definition { get; set; }
    public string? Description { get; set; }
    public long? MaxClustersPerUser { get; set; }
    public string? PolicyFamilyId { get; set; }
    public string? PolicyFamilyDefinitionOverrides { get; set; }
    public JsonArray? Libraries { get; set; }
    public long CreatedAtTimestamp { get; set; }
    public required string CreatorUserName { get; set; }
}

internal sealed class SecretScopeRecord
{
    public required string Name { get; set; }

    /// <summary>DATABRICKS or AZURE_KEYVAULT.</summary>
    public required string BackendType { get; set; }
    public string? KeyVaultResourceId { get; set; }
    public string? KeyVaultDnsName { get; set; }
}
