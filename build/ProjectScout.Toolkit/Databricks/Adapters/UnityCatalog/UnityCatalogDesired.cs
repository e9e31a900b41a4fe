using System.Text.Json;
using System.Text.Json.Serialization;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

/// <summary>A storage credential on an access connector's system-assigned identity.</summary>
/// <param name="AccessConnectorId">The connector's resource id, or <see cref="UnityCatalogDesired.AccessConnectorOutput"/> until the deploy resolves it.</param>
public sealed record StorageCredentialSpec(string Name, string AccessConnectorId, string Comment);

/// <summary>An external location: a lake container's URL reached through a storage credential (file events off).</summary>
public sealed record ExternalLocationSpec(string Name, string Url, string CredentialName, string Comment);

/// <summary>A catalog with its managed storage root, isolated to (and bound read-write to) the deploying workspace.</summary>
public sealed record CatalogSpec(string Name, string StorageRoot, string Comment);

/// <summary>A schema; <paramref name="StorageRoot"/> is its managed location, or null to store under the catalog's root.</summary>
public sealed record SchemaSpec(string CatalogName, string Name, string? StorageRoot, string Comment)
{
    [JsonIgnore]
    public string FullName => CatalogName + "." + Name;
}

/// <summary>
/// The Unity Catalog objects a workspace must hold, in dependency order by kind (credential → locations → catalogs →
/// schemas; system schemas on the metastore). Computed from the declarations by <see cref="UnityCatalogBuilder"/>,
/// rendered to artifacts/&lt;env&gt;/unity-catalog.json and read back by the deploy (another process).
/// </summary>
public sealed record UnityCatalogDesired(
    IReadOnlyList<StorageCredentialSpec> StorageCredentials,
    IReadOnlyList<ExternalLocationSpec> ExternalLocations,
    IReadOnlyList<CatalogSpec> Catalogs,
    IReadOnlyList<SchemaSpec> Schemas,
    IReadOnlyList<string> SystemSchemas)
{
    /// <summary>Stands for the phase-1 output of the same name in a rendered credential; the deploy replaces it.</summary>
    public const string AccessConnectorOutput = "output:" + Deployment.DeploymentOutputs.AccessConnectorResourceId;

    public static UnityCatalogDesired Empty { get; } = new([], [], [], [], []);

    [JsonIgnore]
    public int Count => StorageCredentials.Count + ExternalLocations.Count + Catalogs.Count + Schemas.Count + SystemSchemas.Count;

    /// <summary>
    /// The environment's objects: one credential on the access connector, one external location per layer container,
    /// the catalog (storage root per lakehouse.yaml unityCatalog), one schema per layer at its managed location, the
    /// catalog's own schemas (results, metrics, the governance functions') and the system schemas.
    /// </summary>
    public static UnityCatalogDesired For(EnvironmentDefinition environment, LakehouseDeclaration lakehouse, string functionSchema)
    {
        var (catalog, account) = (environment.Databricks.Catalog, environment.Names.StorageAccount);
        if (catalog.Length == 0 || account.Length == 0)
        {
            return Empty;
        }

        var credential = catalog + "_lake";
        var builder = new UnityCatalogBuilder()
            .Credential(credential, AccessConnectorOutput, $"{account} through the environment's access connector")
            .Catalog(catalog, lakehouse.CatalogStorageRoot(account, catalog), $"Project Scout lakehouse ({environment.Name})");
        foreach (var layer in lakehouse.Layers)
        {
            builder.Location(catalog + "_" + layer.Container.Replace('-', '_'), LakehouseDeclaration.ContainerUrl(layer.Container, account), credential, $"The {layer.Name} layer's container")
                .Schema(catalog, layer.Schema, LakehouseDeclaration.SchemaLocation(layer, account, catalog), layer.Purpose);
        }

        var uc = lakehouse.UnityCatalog;
        builder.Schema(catalog, uc.ResultsSchema, null, $"Quality-gate results ({uc.ResultsTable})");
        if (functionSchema.Length > 0)
        {
            builder.Schema(catalog, functionSchema, null, "Governance functions (masks and row filters)");
        }

        foreach (var system in uc.SystemSchemas)
        {
            builder.SystemSchema(system);
        }

        // The backup catalog (docs/recovery.md): its own location on the backup account, through the same credential
        // (the connector holds the data role there too), one schema per layer. Deployed with the account, in phase 3.
        if (Recovery.BackupTarget.Of(environment, lakehouse) is { } backup)
        {
            builder.Location(backup.ExternalLocation, backup.Url, credential, $"Backups of {catalog} ({backup.StorageAccount}/{backup.Container})")
                .Catalog(backup.Catalog, backup.Url, $"Project Scout backups ({environment.Name}): deep clones of {catalog}");
            foreach (var schema in backup.Schemas)
            {
                builder.Schema(backup.Catalog, schema, null, $"Backup clones of {catalog}.{schema}");
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// The objects stored on <paramref name="storageAccount"/> (its locations, the catalogs rooted there and their
    /// schemas, with the credentials those locations use) apart from the rest: an account a later phase creates gets its
    /// objects deployed in that phase.
    /// </summary>
    public (UnityCatalogDesired Others, UnityCatalogDesired OnAccount) SplitByStorageAccount(string storageAccount)
    {
        if (storageAccount.Length == 0)
        {
            return (this, Empty);
        }

        var host = "@" + storageAccount + ".dfs.core.windows.net";
        bool On(string url) => url.Contains(host, StringComparison.OrdinalIgnoreCase);
        var locations = ExternalLocations.Where(l => On(l.Url)).ToList();
        var catalogs = Catalogs.Where(c => On(c.StorageRoot)).ToList();
        var catalogNames = catalogs.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var schemas = Schemas.Where(s => catalogNames.Contains(s.CatalogName) || s.StorageRoot is { } root && On(root)).ToList();
        var credentials = StorageCredentials.Where(c => locations.Any(l => l.CredentialName == c.Name)).ToList();
        return (this with
        {
            ExternalLocations = ExternalLocations.Except(locations).ToList(),
            Catalogs = Catalogs.Except(catalogs).ToList(),
            Schemas = Schemas.Except(schemas).ToList(),
        }, new UnityCatalogDesired(credentials, locations, catalogs, schemas, []));
    }

    /// <summary>The same objects with the access connector placeholder replaced (left as is when the id is not known yet).</summary>
    public UnityCatalogDesired WithAccessConnector(string accessConnectorId) => accessConnectorId.Length == 0 ? this : this with
    {
        StorageCredentials = StorageCredentials.Select(c => c.AccessConnectorId == AccessConnectorOutput ? c with { AccessConnectorId = accessConnectorId } : c).ToList(),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public string ToJson() => JsonSerializer.Serialize(this, Json).Replace("\r\n", "\n") + "\n";

    /// <summary>Writes artifacts/&lt;env&gt;/unity-catalog.json (only when its content changed).</summary>
    public void Save(EnvironmentArtifacts artifacts) => GeneratedFiles.Write(artifacts.UnityCatalog, ToJson());

    /// <summary>The rendered objects; none when the environment was rendered before Unity Catalog was managed.</summary>
    public static UnityCatalogDesired Load(EnvironmentArtifacts artifacts)
    {
        if (!File.Exists(artifacts.UnityCatalog))
        {
            return Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<UnityCatalogDesired>(File.ReadAllText(artifacts.UnityCatalog), Json) ?? Empty;
        }
        catch (JsonException ex)
        {
            throw new ToolkitException($"{artifacts.UnityCatalog} is not a rendered Unity Catalog file ({ex.Message}); run --target=Validate to render it again.");
        }
    }
}

/// <summary>
/// Collects Unity Catalog objects (a second catalog, its location and schemas are a few more calls) and returns them
/// sorted by name within each kind, each name once (the first declaration wins).
/// </summary>
public sealed class UnityCatalogBuilder
{
    private readonly List<StorageCredentialSpec> _credentials = [];
    private readonly List<ExternalLocationSpec> _locations = [];
    private readonly List<CatalogSpec> _catalogs = [];
    private readonly List<SchemaSpec> _schemas = [];
    private readonly List<string> _systemSchemas = [];

    public UnityCatalogBuilder Credential(string name, string accessConnectorId, string comment) => Add(_credentials, new StorageCredentialSpec(name, accessConnectorId, comment));

    public UnityCatalogBuilder Location(string name, string url, string credentialName, string comment) => Add(_locations, new ExternalLocationSpec(name, url, credentialName, comment));

    public UnityCatalogBuilder Catalog(string name, string storageRoot, string comment) => Add(_catalogs, new CatalogSpec(name, storageRoot, comment));

    public UnityCatalogBuilder Schema(string catalogName, string name, string? storageRoot, string comment) => Add(_schemas, new SchemaSpec(catalogName, name, storageRoot, comment));

    public UnityCatalogBuilder SystemSchema(string name) => Add(_systemSchemas, name);

    public UnityCatalogDesired Build() => new(
        _credentials.DistinctBy(c => c.Name).OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
        _locations.DistinctBy(l => l.Name).OrderBy(l => l.Name, StringComparer.Ordinal).ToList(),
        _catalogs.DistinctBy(c => c.Name).OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
        _schemas.DistinctBy(s => s.FullName).OrderBy(s => s.FullName, StringComparer.Ordinal).ToList(),
        _systemSchemas.Distinct().Order(StringComparer.Ordinal).ToList());

    private UnityCatalogBuilder Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return this;
    }
}
