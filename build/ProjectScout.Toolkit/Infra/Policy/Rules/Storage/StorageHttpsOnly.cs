using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StorageHttpsOnly() : PolicyRuleBase("storage.https-only", WafPillar.Security, "Storage accounts accept HTTPS only")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(StorageAccounts.Name).Select(account => Expect(account, "properties.supportsHttpsTrafficOnly", v => v is null || IsTrue(v), "true"));
}
