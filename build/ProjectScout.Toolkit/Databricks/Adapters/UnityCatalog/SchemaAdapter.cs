using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

/// <summary>Schemas by full name; a layer's schema has its managed location (fixed at creation) in its layer's container.</summary>
public sealed class SchemaAdapter : UnityCatalogAdapter<SchemaSpec>
{
    public const string Collection = "schemas";

    public const string KindName = "schema";

    public override string Kind => KindName;

    protected override IReadOnlyList<SchemaSpec> DesiredOf(UnityCatalogDesired catalog) => catalog.Schemas;

    protected override string NameOf(SchemaSpec spec) => spec.FullName;

    protected override string Describe(SchemaSpec spec) => spec.StorageRoot is { } root ? "managed location " + root : "under the catalog's storage root";

    protected override bool IsFixedAtCreation(string path) => path == "storage_root";

    protected override Task<JsonObject?> ReadAsync(DatabricksClient client, SchemaSpec spec, MetastoreContext metastore, CancellationToken ct) =>
        client.GetSchemaAsync(spec.FullName, ct);

    protected override Task<IReadOnlyList<AttributeChange>> DifferencesAsync(DatabricksClient client, SchemaSpec spec, JsonObject live, MetastoreContext metastore, CancellationToken ct)
    {
        IReadOnlyList<AttributeChange> differences =
        [
            .. spec.StorageRoot is null ? [] : Differ("storage_root", live["storage_root"]?.ToString(), spec.StorageRoot, url: true),
            .. Differ("comment", live["comment"]?.ToString(), spec.Comment),
        ];
        return Task.FromResult(differences);
    }

    protected override Task CreateAsync(DatabricksClient client, SchemaSpec spec, MetastoreContext metastore, CancellationToken ct)
    {
        var body = new JsonObject { ["name"] = spec.Name, ["catalog_name"] = spec.CatalogName, ["comment"] = spec.Comment };
        if (spec.StorageRoot is { } root)
        {
            body["storage_root"] = root;
        }

        return client.CreateSecurableAsync(Collection, body, ct);
    }

    protected override Task UpdateAsync(DatabricksClient client, SchemaSpec spec, IReadOnlyList<AttributeChange> differences, MetastoreContext metastore, CancellationToken ct) =>
        client.UpdateSecurableAsync(Collection, spec.FullName, new JsonObject { ["comment"] = spec.Comment }, ct);

    protected override async Task<bool> ParentReplacedAsync(DatabricksClient client, SchemaSpec spec, UnityCatalogDesired catalog, MetastoreContext metastore, CancellationToken ct)
    {
        if (catalog.Catalogs.FirstOrDefault(c => c.Name == spec.CatalogName) is not { } parent)
        {
            return false;
        }

        var root = (await metastore.OnceAsync("catalog:" + parent.Name, () => CatalogAdapter.ReadCatalogAsync(client, parent.Name, ct)))?["storage_root"]?.ToString();
        return root is not null && root.TrimEnd('/') != parent.StorageRoot.TrimEnd('/');
    }

    protected override Task DeleteAsync(DatabricksClient client, SchemaSpec spec, CancellationToken ct) =>
        client.DeleteSecurableAsync(Collection, spec.FullName, force: true, ct);
}
