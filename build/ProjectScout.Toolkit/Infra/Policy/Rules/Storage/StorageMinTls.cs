using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StorageMinTls() : PolicyRuleBase("storage.min-tls", WafPillar.Security, "Storage accounts require TLS 1.2")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(StorageAccounts.Name).Select(account => Expect(account, "properties.minimumTlsVersion", v => Str(v) == "TLS1_2", "TLS1_2"));
}
