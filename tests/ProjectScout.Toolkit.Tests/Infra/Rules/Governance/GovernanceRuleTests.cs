using System.Text.Json.Nodes;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The governance rules: tags and locks.</summary>
[TestFixture]
public sealed class GovernanceRuleTests
{
    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("governance.tags", "every environment tag", () => Input(Tagged(Environment().Tags.Keys)));
        yield return RuleCase.Fail("governance.tags", "one tag missing", $"missing tags {Environment().Tags.Keys.First()}", () => Input(Tagged(Environment().Tags.Keys.Skip(1))));
        yield return RuleCase.Pass("governance.locks", "locked vault", () =>
        {
            var vault = Resource("Microsoft.KeyVault/vaults", "kv");
            return Input(Locking(), vault, Extension(vault, "Microsoft.Authorization/locks", "no-delete", """{"properties": {"level": "CanNotDelete"}}"""));
        });
        yield return RuleCase.Fail("governance.locks", "unlocked vault", "no CanNotDelete lock", () => Input(Locking(), Resource("Microsoft.KeyVault/vaults", "kv")));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static JsonObject Tagged(IEnumerable<string> keys)
    {
        var tags = new JsonObject();
        foreach (var key in keys)
        {
            tags[key] = "x";
        }

        return Resource("Microsoft.KeyVault/vaults", "kv").With("tags", tags);
    }

    private static ProjectScout.Model.Environments.EnvironmentDefinition Locking()
    {
        var environment = Environment();
        environment.Storage.ResourceLocks = true;
        return environment;
    }
}
