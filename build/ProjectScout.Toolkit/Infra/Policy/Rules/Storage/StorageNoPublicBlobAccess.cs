using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StorageNoPublicBlobAccess() : PolicyRuleBase("storage.no-public-blob-access", WafPillar.Security, "Anonymous blob access is disabled")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(StorageAccounts.Name).Select(account => Expect(account, "properties.allowBlobPublicAccess", v => v is JsonValue && !IsTrue(v), "false"));
}
