using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

/// <summary>
/// Catalogs: created with their storage root (fixed at creation), then PATCHed to ISOLATED (the create call ignores
/// isolation_mode) and bound read-write to this workspace, so no other workspace on the regional metastore sees them.
/// </summary>
public sealed class CatalogAdapter : UnityCatalogAdapter<CatalogSpec>
{
    public const string Collection = "catalogs";
    public const string Isolated = "ISOLATED";
    public const string ReadWrite = "BINDING_TYPE_READ_WRITE";
    private const string Binding = "bindings.workspace";

    public const string KindName = "catalog";

    public override string Kind => KindName;

    protected override IReadOnlyList<CatalogSpec> DesiredOf(UnityCatalogDesired catalog) => catalog.Catalogs;

    protected override string NameOf(CatalogSpec spec) => spec.Name;

    protected override string Describe(CatalogSpec spec) => $"storage root {spec.StorageRoot}, {Isolated}, bound to this workspace";

    protected override bool IsFixedAtCreation(string path) => path == "storage_root";

    protected override bool CreateSetsEverything => false;

    protected override Task<JsonObject?> ReadAsync(DatabricksClient client, CatalogSpec spec, MetastoreContext metastore, CancellationToken ct) =>
        ReadCatalogAsync(client, spec.Name, ct);

    /// <summary>The live catalog; an isolated one not bound here reads as {name, isolation_mode, unreadable} (it exists, its attributes show once bound).</summary>
    public static async Task<JsonObject?> ReadCatalogAsync(DatabricksClient client, string name, CancellationToken ct)
    {
        try
        {
            return await client.GetCatalogAsync(name, ct);
        }
        catch (DatabricksApiException ex) when (ex.ErrorCode == "PERMISSION_DENIED" && ex.ApiMessage.Contains("not accessible in current workspace", StringComparison.Ordinal))
        {
            return new JsonObject { ["name"] = name, ["isolation_mode"] = Isolated, ["unreadable"] = true };
        }
    }

    protected override async Task<IReadOnlyList<AttributeChange>> DifferencesAsync(DatabricksClient client, CatalogSpec spec, JsonObject live, MetastoreContext metastore, CancellationToken ct)
    {
        var differences = new List<AttributeChange>();
        if (!Flag(live, "unreadable"))
        {
            differences.AddRange(Differ("storage_root", live["storage_root"]?.ToString(), spec.StorageRoot, url: true));
            differences.AddRange(Differ("comment", live["comment"]?.ToString(), spec.Comment));
        }

        differences.AddRange(Differ("isolation_mode", live["isolation_mode"]?.ToString(), Isolated));
        var bindings = await client.GetBindingsAsync("catalog", spec.Name, ct);
        var here = bindings.FirstOrDefault(b => b["workspace_id"]?.ToString() == metastore.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        differences.AddRange(Differ(Binding, here?["binding_type"]?.ToString(), ReadWrite));
        return differences;
    }

    protected override Task CreateAsync(DatabricksClient client, CatalogSpec spec, MetastoreContext metastore, CancellationToken ct) =>
        client.CreateSecurableAsync(Collection, new JsonObject { ["name"] = spec.Name, ["storage_root"] = spec.StorageRoot, ["comment"] = spec.Comment }, ct);

    protected override async Task UpdateAsync(DatabricksClient client, CatalogSpec spec, IReadOnlyList<AttributeChange> differences, MetastoreContext metastore, CancellationToken ct)
    {
        if (differences.Any(d => d.Path is "isolation_mode" or "comment"))
        {
            await client.UpdateSecurableAsync(Collection, spec.Name, new JsonObject { ["isolation_mode"] = Isolated, ["comment"] = spec.Comment }, ct);
        }

        if (differences.Any(d => d.Path == Binding))
        {
            await client.UpdateBindingsAsync("catalog", spec.Name, [(metastore.WorkspaceId, ReadWrite)], [], ct);
        }
    }

    protected override Task DeleteAsync(DatabricksClient client, CatalogSpec spec, CancellationToken ct) =>
        client.DeleteSecurableAsync(Collection, spec.Name, force: true, ct);
}
