using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Environments;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Only production must survive a regional outage; other environments pick their SKU freely.</summary>
public sealed class StorageReplication() : PolicyRuleBase("storage.replication", WafPillar.Reliability, "Production storage is geo-redundant")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) => !input.Environment.IsProduction
        ? []
        : input.OfType(StorageAccounts.Name).Select(account => Expect(account, "sku.name", v => AzureFacts.GeoRedundantStorageSkus.Contains(Str(v)),
            "a geo-redundant SKU (GRS, RA-GRS, GZRS, RA-GZRS)"));
}
