using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class StoragePrivateContainers() : PolicyRuleBase("storage.private-containers", WafPillar.Security, "Containers are private")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(StorageAccounts.Name)
            .SelectMany(account => input.Under(account, BlobContainers.Name))
            .Select(container => Expect(container, "properties.publicAccess", v => v is null || Str(v) == "None", "None"));
}
