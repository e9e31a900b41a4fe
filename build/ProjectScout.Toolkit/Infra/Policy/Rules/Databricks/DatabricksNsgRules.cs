using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>With public access disabled the workspace reaches its control plane privately, so Azure must not add its NSG rules.</summary>
public sealed class DatabricksNsgRules() : PolicyRuleBase("databricks.nsg-rules", WafPillar.Security, "Public network access disabled implies NoAzureDatabricksRules")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var workspace in input.OfType(DatabricksWorkspaces.Name))
        {
            var publicAccess = Str(workspace.Get("properties.publicNetworkAccess"));
            var nsgRules = Str(workspace.Get("properties.requiredNsgRules"));
            var passed = publicAccess != "Disabled" || nsgRules == "NoAzureDatabricksRules";
            yield return Result(workspace, "properties.requiredNsgRules", passed,
                passed ? $"publicNetworkAccess {(publicAccess.Length == 0 ? "Enabled" : publicAccess)}, requiredNsgRules {nsgRules}"
                    : $"is {nsgRules} with publicNetworkAccess Disabled; must be NoAzureDatabricksRules");
        }
    }
}
