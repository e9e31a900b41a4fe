using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StorageDefaultDeny() : PolicyRuleBase("storage.default-deny", WafPillar.Security, "Storage firewall denies by default")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(StorageAccounts.Name).Select(account => Expect(account, "properties.networkAcls.defaultAction", v => Str(v) == "Deny", "Deny"));
}
