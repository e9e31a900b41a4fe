using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class DatabricksPremium() : PolicyRuleBase("databricks.premium", WafPillar.Security, "Databricks workspace is premium (diagnostic logs, RBAC)")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(DatabricksWorkspaces.Name).Select(workspace => Expect(workspace, "sku.name", v => Str(v) == "premium", "premium"));
}
