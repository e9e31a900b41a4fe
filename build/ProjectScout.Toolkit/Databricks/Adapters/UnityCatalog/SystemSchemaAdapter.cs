using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

/// <summary>
/// The metastore's system schemas (system.access: audit and lineage; system.billing…). One enabled by Databricks
/// (MANAGED, as billing is) or by an earlier run counts as present; enabling is the only write.
/// </summary>
public sealed class SystemSchemaAdapter : UnityCatalogAdapter<string>
{
    /// <summary>States in which the schema is enabled or being enabled.</summary>
    public static readonly IReadOnlySet<string> Enabled = new HashSet<string>(StringComparer.Ordinal) { "ENABLE_INITIALIZED", "ENABLE_COMPLETED", "MANAGED" };

    public override string Kind => "system-schema";

    protected override IReadOnlyList<string> DesiredOf(UnityCatalogDesired catalog) => catalog.SystemSchemas;

    protected override string NameOf(string spec) => "system." + spec;

    protected override string Describe(string spec) => "enable";

    protected override async Task<JsonObject?> ReadAsync(DatabricksClient client, string spec, MetastoreContext metastore, CancellationToken ct)
    {
        // One list for every system schema of the plan.
        var schemas = await metastore.OnceAsync("systemschemas", async () =>
            new JsonObject { ["schemas"] = new JsonArray((await client.ListSystemSchemasAsync(metastore.MetastoreId, ct)).Select(s => (JsonNode)s).ToArray()) });
        return (schemas?["schemas"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(s => s["schema"]?.ToString() == spec && Enabled.Contains(s["state"]?.ToString() ?? ""))?.DeepClone().AsObject();
    }

    protected override Task<IReadOnlyList<AttributeChange>> DifferencesAsync(DatabricksClient client, string spec, JsonObject live, MetastoreContext metastore, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AttributeChange>>([]);

    protected override Task CreateAsync(DatabricksClient client, string spec, MetastoreContext metastore, CancellationToken ct) =>
        client.EnableSystemSchemaAsync(metastore.MetastoreId, spec, ct);

    protected override Task UpdateAsync(DatabricksClient client, string spec, IReadOnlyList<AttributeChange> differences, MetastoreContext metastore, CancellationToken ct) => Task.CompletedTask;
}
