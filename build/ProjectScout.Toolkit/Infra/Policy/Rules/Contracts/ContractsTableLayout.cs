using ProjectScout.Model.Contracts;
using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Every table declares a layout (liquid clustering or partitioning), and none clusters on high-cardinality hash keys
/// alone (its keys, its classified columns): such clustering skips no file. One result per table.
/// </summary>
public sealed class ContractsTableLayout() : PolicyRuleBase("contracts.table-layout", WafPillar.PerformanceEfficiency, "Every table has a layout; none clusters on a hash key alone", PolicyKind.Advisory)
{
    public override string Recommendation => "Declare layout.clusterBy in each contract on the columns queries filter on, the date first; never a key or hashed column alone.";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var tables = input.Contracts?.Tables ?? [];
        if (tables.Count == 0)
        {
            yield return Check("contracts (all)", "layout", false, "no contracts in templates/contracts", type: "contracts", name: "(all)");
            yield break;
        }

        foreach (var table in tables)
        {
            var layout = table.Layout;
            var (passed, evidence) = layout switch
            {
                { IsClustered: false, IsPartitioned: false } => (false, "no layout declared (layout.clusterBy or layout.partitionBy)"),
                _ when TableLayout.ClustersOnHashKeysAlone(table) => (false, $"CLUSTER BY ({string.Join(", ", layout.ClusterBy)}) is key or classified columns only: no file can be skipped"),
                { IsClustered: true } => (true, $"CLUSTER BY ({string.Join(", ", layout.ClusterBy)})"),
                _ => (true, $"PARTITIONED BY ({string.Join(", ", layout.PartitionBy)})"),
            };
            yield return Check($"contract {table.Name}", "layout", passed, evidence, component: $"Layout of {table.Name}", type: "contracts", name: table.Name.ToString());
        }
    }
}
