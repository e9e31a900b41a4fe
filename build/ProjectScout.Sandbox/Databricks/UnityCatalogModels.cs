using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Databricks;

// The sandbox's Unity Catalog: the regional metastore the workspace is assigned to and every securable in it, with
// their grants. The UC endpoints write it; the job-run walk reads it (catalog, schema, location, credential, grants).
// Securable keys are full names (catalog, catalog.schema, catalog.schema.table); grants are keyed "<type>:<full name>"
// with the lowercase securable types of the permissions API (catalog, schema, table, external_location, …).

internal sealed class UnityCatalogState
{
    public string MetastoreId { get; set; } = "5b1d0b1e-0000-4000-8000-00000000a001";

    /// <summary>The workspace the metastore is assigned to; null answers current-metastore-assignment with 404 METASTORE_DOES_NOT_EXIST.</summary>
    /// <remarks>Read it through DatabricksStore.MetastoreWorkspaceId(), which applies <see cref="AutomaticAssignment"/> first.</remarks>
    public string? AssignedWorkspaceId { get; set; }

    /// <summary>
    /// Azure assigns new workspaces to the region's metastore automatically (in most accounts): while true, an unassigned
    /// workspace is assigned at its first Unity Catalog call. An explicit unassign (DELETE …/workspaces/{id}/metastore,
    /// the account admin's call) turns it off, so the workspace stays unassigned until a PUT assigns it again.
    /// </summary>
    public bool AutomaticAssignment { get; set; } = true;

    public SortedDictionary<string, StorageCredentialRecord> StorageCredentials { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, ExternalLocationRecord> ExternalLocations { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, CatalogRecord> Catalogs { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, SchemaRecord> Schemas { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, TableRecord> Tables { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, FunctionRecord> Functions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>"&lt;securable type&gt;:&lt;full name&gt;" → principal → direct privileges (underscored names).</summary>
    public SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> Grants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>System schema name (access, billing, …) → state (AVAILABLE, ENABLE_COMPLETED, MANAGED, …).</summary>
    public SortedDictionary<string, string> SystemSchemas { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What a storage credential and an external location have in common (both answer PATCH of these fields alike).</summary>
internal interface IStorageAccessRecord
{
    string? Comment { get; set; }
    bool ReadOnly { get; set; }
    string Owner { get; set; }
}

internal sealed class StorageCredentialRecord : IStorageAccessRecord
{
    public required string Name { get; set; }
    public required string AccessConnectorId { get; set; }
    public string? Comment { get; set; }
    public bool ReadOnly { get; set; }
    public string Owner { get; set; } = "";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}

internal sealed class ExternalLocationRecord : IStorageAccessRecord
{
    public required string Name { get; set; }
    public required string Url { get; set; }
    public required string CredentialName { get; set; }
    public bool ReadOnly { get; set; }
    public bool EnableFileEvents { get; set; }
    public string? Comment { get; set; }
    public string Owner { get; set; } = "";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}

/// <summary>What a catalog and a schema share and set the same way on create and update: comment, owner, properties.</summary>
internal interface INamespaceRecord
{
    string? Comment { get; set; }
    string Owner { get; set; }
    SortedDictionary<string, string> Properties { get; set; }
}

internal sealed class CatalogRecord : INamespaceRecord
{
    public required string Name { get; set; }
    public string? StorageRoot { get; set; }
    public string IsolationMode { get; set; } = "OPEN";
    public string? Comment { get; set; }
    public string Owner { get; set; } = "";

    /// <summary>workspace id → binding type (BINDING_TYPE_READ_WRITE | BINDING_TYPE_READ_ONLY).</summary>
    public SortedDictionary<string, string> Bindings { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
    public long CreatedAt { get; set; }
}

internal sealed class SchemaRecord : INamespaceRecord
{
    public required string CatalogName { get; set; }
    public required string Name { get; set; }
    public string? StorageRoot { get; set; }
    public string? Comment { get; set; }
    public string Owner { get; set; } = "";
    public SortedDictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
    public long CreatedAt { get; set; }
    public string FullName => CatalogName + "." + Name;
}

internal sealed class TableRecord
{
    public required string CatalogName { get; set; }
    public required string SchemaName { get; set; }
    public required string Name { get; set; }
    public string TableType { get; set; } = "MANAGED";
    public string? Comment { get; set; }
    public List<ColumnRecord> Columns { get; set; } = [];

    /// <summary>The row filter function's full name and the columns it is applied on; null when none.</summary>
    public string? RowFilterFunction { get; set; }
    public List<string> RowFilterColumns { get; set; } = [];
    public SortedDictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
    public List<string> ClusteringColumns { get; set; } = [];
    public string Owner { get; set; } = "";
    public long CreatedAt { get; set; }

    /// <summary>Delta versions, oldest first (version, timestamp, operation); the current version is the last.</summary>
    public List<TableVersionRecord> History { get; set; } = [];
    public string FullName => $"{CatalogName}.{SchemaName}.{Name}";
}

internal sealed class ColumnRecord
{
    public required string Name { get; set; }
    public required string TypeName { get; set; }
    public bool Nullable { get; set; } = true;
    public int Position { get; set; }

    /// <summary>The mask function's full name and its extra argument columns; null when unmasked.</summary>
    public string? MaskFunction { get; set; }
    public List<string> MaskUsingColumns { get; set; } = [];
}

internal sealed class TableVersionRecord
{
    public long Version { get; set; }
    public long Timestamp { get; set; }
    public required string Operation { get; set; }
    public JsonObject? Parameters { get; set; }
}

internal sealed class FunctionRecord
{
    public required string CatalogName { get; set; }
    public required string SchemaName { get; set; }
    public required string Name { get; set; }
    public required string Definition { get; set; }

    /// <summary>The parameters (name, type text) in order, and the return type text.</summary>
    public List<FunctionParameterRecord> Parameters { get; set; } = [];
    public string ReturnType { get; set; } = "";
    public string? Comment { get; set; }
    public string Owner { get; set; } = "";
    public long CreatedAt { get; set; }
    public string FullName => $"{CatalogName}.{SchemaName}.{Name}";
}

internal sealed class FunctionParameterRecord
{
    public required string Name { get; set; }
    public required string TypeText { get; set; }
}
