using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The one-region rule: located resources in the environment's region; global ones (DNS zones) exempt.</summary>
[TestFixture]
public sealed class RegionRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("infra.single-region", "workspace and lake in the region, DNS global", () =>
            Input(Located("Microsoft.Databricks/workspaces", "dbw", Region), Located("Microsoft.Storage/storageAccounts", "st", Region),
                Located("Microsoft.Network/privateDnsZones", "privatelink.blob.core.windows.net", "global")));
        yield return RuleCase.Fail("infra.single-region", "lake elsewhere", "outside", () =>
            Input(Located("Microsoft.Databricks/workspaces", "dbw", Region), Located("Microsoft.Storage/storageAccounts", "st", "westeurope")));
        yield return RuleCase.Fail("infra.single-region", "nothing located", "no located resources in the snapshots (phases 1)", () => Input());
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static string Region => Environment().Azure.Location;

    private static System.Text.Json.Nodes.JsonObject Located(string type, string name, string location) =>
        Resource(type, name).With("location", location);
}
