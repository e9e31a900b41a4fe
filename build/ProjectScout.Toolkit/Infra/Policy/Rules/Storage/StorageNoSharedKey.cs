using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StorageNoSharedKey() : PolicyRuleBase("storage.no-shared-key", WafPillar.Security, "Shared-key (account key) access is disabled")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(StorageAccounts.Name).Select(account =>
            KeptByAdoption(input, account, input.Environment.Names.StorageAccount, "properties.allowSharedKeyAccess", ProjectScout.Model.Environments.KeptSettings.SharedKeyAccess) ?? Expect(account, "properties.allowSharedKeyAccess", v => v is JsonValue && !IsTrue(v), "false"));
}
