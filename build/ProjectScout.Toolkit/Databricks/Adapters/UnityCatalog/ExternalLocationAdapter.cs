using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

/// <summary>External locations, one per lake container, through the storage credential; managed file events off (no queue is declared).</summary>
public sealed class ExternalLocationAdapter : UnityCatalogAdapter<ExternalLocationSpec>
{
    public const string Collection = "external-locations";

    public override string Kind => "external-location";

    protected override IReadOnlyList<ExternalLocationSpec> DesiredOf(UnityCatalogDesired catalog) => catalog.ExternalLocations;

    protected override string NameOf(ExternalLocationSpec spec) => spec.Name;

    protected override string Describe(ExternalLocationSpec spec) => $"{spec.Url} through {spec.CredentialName}";

    protected override Task<JsonObject?> ReadAsync(DatabricksClient client, ExternalLocationSpec spec, MetastoreContext metastore, CancellationToken ct) =>
        client.GetExternalLocationAsync(spec.Name, ct);

    protected override Task<IReadOnlyList<AttributeChange>> DifferencesAsync(DatabricksClient client, ExternalLocationSpec spec, JsonObject live, MetastoreContext metastore, CancellationToken ct)
    {
        IReadOnlyList<AttributeChange> differences =
        [
            .. Differ("url", live["url"]?.ToString(), spec.Url, url: true),
            .. Differ("credential_name", live["credential_name"]?.ToString(), spec.CredentialName),
            .. Differ("comment", live["comment"]?.ToString(), spec.Comment),
            .. Differ("read_only", Flag(live, "read_only"), false),
            .. Differ("enable_file_events", Flag(live, "enable_file_events"), false),
        ];
        return Task.FromResult(differences);
    }

    protected override Task CreateAsync(DatabricksClient client, ExternalLocationSpec spec, MetastoreContext metastore, CancellationToken ct)
    {
        var body = Body(spec);
        body["name"] = spec.Name;
        return client.CreateSecurableAsync(Collection, body, ct);
    }

    protected override Task UpdateAsync(DatabricksClient client, ExternalLocationSpec spec, IReadOnlyList<AttributeChange> differences, MetastoreContext metastore, CancellationToken ct) =>
        client.UpdateSecurableAsync(Collection, spec.Name, Body(spec), ct);

    // enable_file_events defaults to true, and then wants a file-event queue: it is sent explicitly off.
    private static JsonObject Body(ExternalLocationSpec spec) => new()
    {
        ["url"] = spec.Url,
        ["credential_name"] = spec.CredentialName,
        ["comment"] = spec.Comment,
        ["read_only"] = false,
        ["enable_file_events"] = false,
    };
}
