using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

/// <summary>Storage credentials on the access connector's system-assigned identity (validated by the service against its data role).</summary>
public sealed class StorageCredentialAdapter : UnityCatalogAdapter<StorageCredentialSpec>
{
    public const string Collection = "storage-credentials";

    public override string Kind => "storage-credential";

    protected override IReadOnlyList<StorageCredentialSpec> DesiredOf(UnityCatalogDesired catalog) => catalog.StorageCredentials;

    protected override string NameOf(StorageCredentialSpec spec) => spec.Name;

    protected override string Describe(StorageCredentialSpec spec) => spec.AccessConnectorId == UnityCatalogDesired.AccessConnectorOutput
        ? "on the access connector this phase deploys"
        : "on access connector " + PlanChange.ShortArmName(spec.AccessConnectorId);

    protected override Task<JsonObject?> ReadAsync(DatabricksClient client, StorageCredentialSpec spec, MetastoreContext metastore, CancellationToken ct) =>
        client.GetStorageCredentialAsync(spec.Name, ct);

    protected override Task<IReadOnlyList<AttributeChange>> DifferencesAsync(DatabricksClient client, StorageCredentialSpec spec, JsonObject live, MetastoreContext metastore, CancellationToken ct)
    {
        var connector = live["azure_managed_identity"]?["access_connector_id"]?.ToString();
        IReadOnlyList<AttributeChange> differences =
        [
            .. spec.AccessConnectorId == UnityCatalogDesired.AccessConnectorOutput ? [] : Differ("azure_managed_identity.access_connector_id", connector, spec.AccessConnectorId)
                .Where(d => !string.Equals(connector, spec.AccessConnectorId, StringComparison.OrdinalIgnoreCase)),
            .. Differ("comment", live["comment"]?.ToString(), spec.Comment),
            .. Differ("read_only", Flag(live, "read_only"), false),
        ];
        return Task.FromResult(differences);
    }

    protected override Task CreateAsync(DatabricksClient client, StorageCredentialSpec spec, MetastoreContext metastore, CancellationToken ct) =>
        client.CreateSecurableAsync(Collection, new JsonObject
        {
            ["name"] = spec.Name,
            ["azure_managed_identity"] = new JsonObject { ["access_connector_id"] = Resolved(spec) },
            ["comment"] = spec.Comment,
            ["read_only"] = false,
        }, ct);

    protected override Task UpdateAsync(DatabricksClient client, StorageCredentialSpec spec, IReadOnlyList<AttributeChange> differences, MetastoreContext metastore, CancellationToken ct) =>
        client.UpdateSecurableAsync(Collection, spec.Name, new JsonObject
        {
            ["azure_managed_identity"] = new JsonObject { ["access_connector_id"] = Resolved(spec) },
            ["comment"] = spec.Comment,
            ["read_only"] = false,
        }, ct);

    private static string Resolved(StorageCredentialSpec spec) => spec.AccessConnectorId != UnityCatalogDesired.AccessConnectorOutput
        ? spec.AccessConnectorId
        : throw new DatabricksApiException(0, "OUTPUT_MISSING", $"the phase deployment has no {DeploymentOutputs.AccessConnectorResourceId} output; check templates/infra/phase1.bicep", "storage credential " + spec.Name);
}
