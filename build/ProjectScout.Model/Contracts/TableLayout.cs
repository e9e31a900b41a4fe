namespace ProjectScout.Model.Contracts;

/// <summary>
/// A table's physical layout, declared in its contract (<c>layout:</c>): liquid clustering on the columns queries filter
/// on (dates first), or Hive-style partitioning where a low-cardinality column fits. Never both: Delta refuses liquid
/// clustering on a partitioned table, and ZORDER on a clustered one.
/// </summary>
public sealed record TableLayout(IReadOnlyList<string> ClusterBy, IReadOnlyList<string> PartitionBy, int Line)
{
    /// <summary>Liquid clustering takes at most four clustering columns.</summary>
    public const int MaxClusteringColumns = 4;

    /// <summary>Delta collects file statistics on the first 32 columns only, and clustering needs them.</summary>
    public const int StatisticsColumns = 32;

    public static TableLayout None { get; } = new([], [], 0);

    public bool IsClustered => ClusterBy.Count > 0;

    public bool IsPartitioned => PartitionBy.Count > 0;

    public IReadOnlyList<string> Columns => IsClustered ? ClusterBy : PartitionBy;

    /// <summary>
    /// Whether the table clusters on high-cardinality hash keys alone: its key columns and its classified columns
    /// (identifiers and free text, hashed or redacted for readers). Every value is distinct, so no file can be skipped on them.
    /// </summary>
    public static bool ClustersOnHashKeysAlone(TableContract table) =>
        table.Layout.IsClustered && table.Layout.ClusterBy.All(c => IsHashKey(table, c));

    /// <summary>A key column or a classified column of <paramref name="table"/>: unique or personal values, useless for skipping files.</summary>
    public static bool IsHashKey(TableContract table, string column) =>
        table.Keys.Contains(column) || table.Column(column)?.Classification is not null;
}
