using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class DatabricksNoPublicIp() : PolicyRuleBase("databricks.no-public-ip", WafPillar.Security, "Secure cluster connectivity (no public IP)")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(DatabricksWorkspaces.Name).Select(workspace => Expect(workspace, "properties.parameters.enableNoPublicIp.value", IsTrue, "true"));
}
