using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The automation account rule: a managed identity and no local auth.</summary>
[TestFixture]
public sealed class AutomationRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("automation.managed-identity", "system identity, no local auth", () => Input(Automation("SystemAssigned", disableLocalAuth: true)));
        yield return RuleCase.Fail("automation.managed-identity", "no identity", "is (not set); must be SystemAssigned or UserAssigned", () => Input(Automation(null, disableLocalAuth: true)));
        yield return RuleCase.Fail("automation.managed-identity", "local auth on", "is false; must be true", () => Input(Automation("SystemAssigned", disableLocalAuth: false)));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static JsonObject Automation(string? identity, bool disableLocalAuth)
    {
        var account = Resource("Microsoft.Automation/automationAccounts", "aa").With("properties.disableLocalAuth", disableLocalAuth);
        return identity is null ? account : account.With("identity.type", identity);
    }
}
