using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Unity Catalog's storage credential needs an access connector with a managed identity; checked wherever the snapshots hold the Databricks workspace.</summary>
public sealed class DatabricksAccessConnector() : PolicyRuleBase("databricks.access-connector", WafPillar.Security, "A Databricks access connector with a managed identity")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var connectors = input.OfType(AccessConnectors.Name).ToList();
        foreach (var workspace in input.OfType(DatabricksWorkspaces.Name))
        {
            var withIdentity = connectors.FirstOrDefault(c => Str(c.Get("identity.type")).Contains("Assigned", StringComparison.Ordinal));
            yield return Result(workspace, "accessConnector", withIdentity is not null, withIdentity is not null
                ? $"access connector {withIdentity.Name} ({Str(withIdentity.Get("identity.type"))} identity)"
                : connectors.Count == 0
                    ? $"no {AccessConnectors.Name} in the snapshots; Unity Catalog has no identity to reach the lake"
                    : $"access connector {connectors[0].Name} has no managed identity; set identity.type SystemAssigned");
        }
    }
}
