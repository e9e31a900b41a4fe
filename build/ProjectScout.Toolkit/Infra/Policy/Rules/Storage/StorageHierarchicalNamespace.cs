using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Delta and Spark rename and list directories; without the hierarchical namespace these are slow and not atomic.</summary>
public sealed class StorageHierarchicalNamespace()
    : SnapshotPropertyRule("storage.hierarchical-namespace", WafPillar.PerformanceEfficiency, "ADLS Gen2 hierarchical namespace", PolicyKind.Gate,
        StorageAccounts.Name, "properties.isHnsEnabled")
{
    public override string Recommendation => "Enable the hierarchical namespace for Delta/Spark directory operations.";

    protected override bool Holds(JsonNode? value) => IsTrue(value);
}
