using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The advisory lake rules over lifecycle policy fragments: raw files cool, logs and snapshots expire.</summary>
[TestFixture]
public sealed class LakeRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("lake.raw-tiering", "raw landing cools after 30 days", () => Input(Policy(("raw-to-cool", "raw/landing/", "tierToCool"))));
        yield return RuleCase.Fail("lake.raw-tiering", "only expiry", "phase1 st/default: no such lifecycle action", () => Input(Policy(("logs-retention", "logs/", "delete"))));
        yield return RuleCase.Fail("lake.raw-tiering", "no lifecycle policy", "no Microsoft.Storage/storageAccounts/managementPolicies in the snapshots", () => Input());
        yield return RuleCase.Pass("lake.retention-expiry", "logs expire", () => Input(Policy(("logs-retention", "logs/", "delete"))));
        yield return RuleCase.Fail("lake.retention-expiry", "only tiering", "no such lifecycle action", () => Input(Policy(("raw-to-cool", "raw/landing/", "tierToCool"))));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static JsonObject Policy(params (string Name, string Prefix, string Action)[] rules)
    {
        var array = new JsonArray();
        foreach (var (name, prefix, action) in rules)
        {
            array.Add(JsonNode.Parse(Fill("""
                {"name": "@0@", "enabled": true, "definition": {"filters": {"prefixMatch": ["@1@"]}, "actions": {"baseBlob": {"@2@": {"daysAfterModificationGreaterThan": 30}}}}}
                """, name, prefix, action)));
        }

        return Resource("Microsoft.Storage/storageAccounts/managementPolicies", "st/default").With("properties.policy.rules", array);
    }
}
