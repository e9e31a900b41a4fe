using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>A deny-by-default firewall admits the access connector by a resource instance rule (Unity Catalog's own calls come from no subnet).</summary>
public sealed class StorageFirewallAdmitsConnector() : PolicyRuleBase("storage.firewall-admits-connector", WafPillar.Security, "The storage firewall admits the access connector (resource instance rule)")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var account in input.OfType(StorageAccounts.Name))
        {
            var rules = account.Get("properties.networkAcls.resourceAccessRules")?.AsArray().OfType<JsonObject>().Select(r => GetString(r, "resourceId")).ToList() ?? [];
            var connector = rules.FirstOrDefault(id => id.Contains($"/providers/{AccessConnectors.Name}/", StringComparison.OrdinalIgnoreCase));
            yield return Result(account, "properties.networkAcls.resourceAccessRules", connector is not null, connector is not null
                ? $"admits {connector.Split('/')[^1]}"
                : rules.Count == 0
                    ? "no resource access rule; add one for the Databricks access connector"
                    : $"admits {string.Join(", ", rules)}, no Databricks access connector");
        }
    }
}
