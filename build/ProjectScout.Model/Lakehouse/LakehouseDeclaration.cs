namespace ProjectScout.Model.Lakehouse;

// The typed form of templates/lakehouse.yaml: pure data, no I/O (LakehouseLoader reads and checks the file).

/// <summary>How every layer's quality gate is named: task key and notebook derive from the layer name.</summary>
/// <param name="TaskKeySuffix">Gate task key = layer name + suffix; the data-quality alert filters failed tasks on it.</param>
/// <param name="NotebookFolder">Folder of the rendered gate notebooks under the notebook root.</param>
public sealed record QualityGateConvention(string TaskKeySuffix, string NotebookFolder, int TimeoutSeconds);

/// <summary>A job cluster shape shared by one or more layers, its cluster policy and the environment key that sizes it.</summary>
/// <param name="Key">The key under <c>databricks.clusters</c> in every environment file.</param>
public sealed record ClusterProfile(
    string Key,
    string JobClusterKey,
    string Policy,
    string Tag,
    IReadOnlyList<KeyValuePair<string, string>> SparkConf);

/// <summary>A layer's processing task in the daily job.</summary>
/// <param name="Summary">A short phrase for the daily job's description, such as <c>bronze ingest</c>.</param>
/// <param name="Notebook">Notebook path under the notebook root, without extension.</param>
public sealed record LayerWork(
    string Summary,
    string? Description,
    string Notebook,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    int TimeoutSeconds,
    int MaxRetries,
    int MinRetryIntervalMillis,
    bool RetryOnTimeout);

/// <summary>A layer's quality gate: the task that runs its compiled rules, and the notebook rendered for it.</summary>
/// <param name="Notebook">Notebook path under the notebook root, without extension (e.g. <c>data_quality/&lt;layer&gt;_quality</c>).</param>
public sealed record LayerGate(string TaskKey, string Notebook);

/// <summary>One medallion layer and everything declared about it.</summary>
/// <param name="Name">Also the layer's schema in the environment's catalog and its contracts' folder.</param>
/// <param name="Cluster">The <see cref="ClusterProfile.Key"/> its tasks run on.</param>
/// <param name="Served">Read repeatedly downstream (analytics, dashboards): its cluster keeps the disk cache on.</param>
public sealed record LakehouseLayer(
    string Name,
    string Purpose,
    string Container,
    string Cluster,
    bool Served,
    string Retention,
    LayerWork Work,
    LayerGate Gate)
{
    public string Schema => Name;

    /// <summary>The key of the layer's processing task in the daily job.</summary>
    public string WorkTaskKey => Name;
}

/// <summary>The lake storage account's containers besides the layers' own.</summary>
public sealed record LakeStorage(IReadOnlyList<string> RetentionContainers, string InventoryContainer, string BackupContainer);

/// <summary>
/// The Unity Catalog layout of an environment's catalog besides the layers' own schemas (templates/lakehouse.yaml
/// unityCatalog): where the catalog's managed storage root is, the schemas no layer owns, and the system schemas.
/// </summary>
/// <param name="StorageRootLayer">The layer whose container holds the catalog's storage root, at <see cref="StorageRootPath"/>/&lt;catalog&gt;.</param>
/// <param name="ResultsSchema">The quality gates' results schema (its table is <see cref="ResultsTable"/>).</param>
/// <param name="SystemSchemas">The metastore's system schemas the documents and alerts query (system.access: audit and lineage; system.billing).</param>
public sealed record UnityCatalogConvention(
    string StorageRootLayer,
    string StorageRootPath,
    string ResultsSchema,
    string ResultsTable,
    IReadOnlyList<string> SystemSchemas)
{
    /// <summary>The catalog's own schemas that belong to no layer, stored under the catalog's storage root.</summary>
    public IReadOnlyList<string> CatalogSchemas => [ResultsSchema];
}

/// <summary>The lakehouse: layers in pipeline order, the cluster profiles they run on, the gate convention and the lake.</summary>
public sealed class LakehouseDeclaration(
    IReadOnlyList<LakehouseLayer> layers,
    IReadOnlyList<ClusterProfile> clusterProfiles,
    QualityGateConvention qualityGate,
    LakeStorage lake,
    UnityCatalogConvention unityCatalog)
{
    public const string FileName = "lakehouse.yaml";

    public IReadOnlyList<LakehouseLayer> Layers { get; } = layers;

    public IReadOnlyList<ClusterProfile> ClusterProfiles { get; } = clusterProfiles;

    public QualityGateConvention QualityGate { get; } = qualityGate;

    public LakeStorage Lake { get; } = lake;

    public UnityCatalogConvention UnityCatalog { get; } = unityCatalog;

    /// <summary>The abfss URL of a lake container: <c>abfss://&lt;container&gt;@&lt;account&gt;.dfs.core.windows.net/</c>.</summary>
    public static string ContainerUrl(string container, string storageAccount) => $"abfss://{container}@{storageAccount}.dfs.core.windows.net/";

    /// <summary>A layer's schema's managed location in the catalog: &lt;catalog&gt; in the layer's container (what the notebooks create).</summary>
    public static string SchemaLocation(LakehouseLayer layer, string storageAccount, string catalog) => ContainerUrl(layer.Container, storageAccount) + catalog;

    /// <summary>The catalog's managed storage root: &lt;storageRootPath&gt;/&lt;catalog&gt; in the storage-root layer's container.</summary>
    public string CatalogStorageRoot(string storageAccount, string catalog) =>
        ContainerUrl(Layer(UnityCatalog.StorageRootLayer)?.Container ?? UnityCatalog.StorageRootLayer, storageAccount) + UnityCatalog.StorageRootPath + "/" + catalog;

    /// <summary>Layer names in pipeline order.</summary>
    public IReadOnlyList<string> LayerNames => Layers.Select(l => l.Name).ToList();

    public LakehouseLayer? Layer(string name) => Layers.FirstOrDefault(l => l.Name == name);

    public ClusterProfile? Profile(string key) => ClusterProfiles.FirstOrDefault(p => p.Key == key);

    public ClusterProfile ProfileOf(LakehouseLayer layer) => Profile(layer.Cluster)
        ?? throw new InvalidOperationException($"layer '{layer.Name}' names undeclared cluster profile '{layer.Cluster}'");

    /// <summary>The layers that run on <paramref name="profile"/>, in pipeline order.</summary>
    public IReadOnlyList<LakehouseLayer> LayersOn(ClusterProfile profile) => Layers.Where(l => l.Cluster == profile.Key).ToList();

    /// <summary>What a profile's policy governs: its layers (<c>gold and platinum</c>), or its key when no layer runs on it.</summary>
    public string TitleOf(ClusterProfile profile)
    {
        var names = LayersOn(profile).Select(l => l.Name).ToList();
        return names.Count switch
        {
            0 => profile.Key,
            1 => names[0],
            _ => string.Join(", ", names[..^1]) + " and " + names[^1],
        };
    }

    /// <summary>Containers holding Delta tables: one per layer, in pipeline order.</summary>
    public IReadOnlyList<string> DeltaTableContainers => Layers.Select(l => l.Container).ToList();

    /// <summary>Every container of the lake storage account: the layers' then the retention containers.</summary>
    public IReadOnlyList<string> Containers => DeltaTableContainers.Concat(Lake.RetentionContainers).ToList();

    /// <summary>Work task keys of the layers read repeatedly downstream; their clusters serve those reads.</summary>
    public IReadOnlyList<string> ServedTaskKeys => Layers.Where(l => l.Served).Select(l => l.WorkTaskKey).ToList();

    /// <summary>Whether a notebook path (workspace or relative) is a rendered quality-gate notebook.</summary>
    public bool IsGateNotebook(string notebookPath) =>
        ("/" + notebookPath).Contains("/" + QualityGate.NotebookFolder + "/", StringComparison.Ordinal);
}
