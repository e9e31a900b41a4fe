using ProjectScout.Model.Contracts;

namespace ProjectScout.Toolkit.Contracts;

/// <summary>A contract's <c>layout:</c> (clusterBy or partitionBy), checked against its columns and Delta's clustering limits.</summary>
public sealed partial class ContractLoader
{
    /// <summary>Types liquid clustering cannot use: it needs min/max statistics, which complex types do not have.</summary>
    private static readonly HashSet<string> UnclusterableTypes = new(StringComparer.Ordinal) { "array<string>" };

    private sealed class LayoutDocument
    {
        public List<string> ClusterBy { get; set; } = [];
        public List<string> PartitionBy { get; set; } = [];
    }

    private static TableLayout Layout(ContractDocument document, TableContract contract, Action<string, string, string> add, int line)
    {
        if (document.Layout is not { } declared)
        {
            return TableLayout.None;
        }

        var layout = new TableLayout(declared.ClusterBy, declared.PartitionBy, line);
        if (layout.IsClustered && layout.IsPartitioned)
        {
            add("layout", "contract.layout", "declare clusterBy or partitionBy, not both: Delta refuses liquid clustering on a partitioned table");
        }

        if (layout.ClusterBy.Count > TableLayout.MaxClusteringColumns)
        {
            add("layout.clusterBy", "contract.layout", $"clusterBy names {layout.ClusterBy.Count} columns; liquid clustering takes at most {TableLayout.MaxClusteringColumns}");
        }

        var path = layout.IsClustered ? "layout.clusterBy" : "layout.partitionBy";
        foreach (var (column, index) in layout.Columns.Select((c, i) => (c, i)))
        {
            var position = contract.Columns.ToList().FindIndex(c => c.Name == column);
            if (position < 0)
            {
                add($"{path}[{index}]", "contract.unknown-column", $"layout column '{column}' is not a column of {contract.Name}");
            }
            else if (layout.IsClustered && UnclusterableTypes.Contains(contract.Columns[position].Type))
            {
                add($"{path}[{index}]", "contract.layout", $"clustering column '{column}' is {contract.Columns[position].Type}; liquid clustering needs a column with statistics (a date, timestamp, number or string)");
            }
            else if (layout.IsClustered && position >= TableLayout.StatisticsColumns)
            {
                add($"{path}[{index}]", "contract.layout", $"clustering column '{column}' is column {position + 1}; Delta keeps statistics on the first {TableLayout.StatisticsColumns} columns only, so move it up");
            }
        }

        if (TableLayout.ClustersOnHashKeysAlone(contract with { Layout = layout }))
        {
            add("layout.clusterBy", "contract.layout-hash-key",
                $"clusterBy [{string.Join(", ", layout.ClusterBy)}] is only key or classified columns: every value is distinct, so no file is ever skipped; cluster on the date the queries filter on first");
        }

        return layout;
    }
}
