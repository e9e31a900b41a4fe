using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class AutomationManagedIdentity() : PolicyRuleBase("automation.managed-identity", WafPillar.Security, "Automation account has a managed identity and no local auth")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input) =>
        input.OfType(AutomationAccounts.Name).SelectMany(account => new[]
        {
            Expect(account, "identity.type", v => Str(v).Contains("SystemAssigned", StringComparison.Ordinal) || Str(v).Contains("UserAssigned", StringComparison.Ordinal), "SystemAssigned or UserAssigned"),
            Expect(account, "properties.disableLocalAuth", IsTrue, "true"),
        });
}
