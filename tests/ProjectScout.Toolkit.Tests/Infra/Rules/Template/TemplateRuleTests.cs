using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Infra;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The template rules over tiny compiled templates and parameter files.</summary>
[TestFixture]
public sealed class TemplateRuleTests
{
    private const string CleanTemplate = """
        {"parameters": {"location": {"type": "string"}, "adminPassword": {"type": "securestring"}},
         "outputs": {"accountName": {"type": "string", "value": "[parameters('location')]"}}}
        """;

    private const string KeyVaultReference = """
        {"parameters": {"location": {"value": "eastus2"},
         "adminPassword": {"reference": {"keyVault": {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"}, "secretName": "admin"}}}}
        """;

    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("template.no-secret-outputs", "a name output", () => Compiled(CleanTemplate, KeyVaultReference));
        yield return RuleCase.Fail("template.no-secret-outputs", "an account key output", "returns a secret", () => Compiled("""
            {"outputs": {"key": {"type": "string", "value": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-05-01').keys[0].value]"}}}
            """, "{}"));
        yield return RuleCase.Pass("template.no-secret-parameters", "a Key Vault reference", () => Compiled(CleanTemplate, KeyVaultReference));
        yield return RuleCase.Fail("template.no-secret-parameters", "a literal password", "a secure parameter has a literal value", () => Compiled(CleanTemplate, """
            {"parameters": {"location": {"value": "eastus2"}, "adminPassword": {"value": "hunter2"}}}
            """));
        yield return RuleCase.Pass("template.arm-limits", "a small template", () => Compiled(CleanTemplate, KeyVaultReference));
        yield return RuleCase.Fail("template.arm-limits", "257 parameters", "257 parameters (limit 256)", () =>
        {
            var parameters = new JsonObject();
            for (var i = 0; i < 257; i++)
            {
                parameters[$"p{i}"] = new JsonObject { ["type"] = "string" };
            }

            return Compiled(new JsonObject { ["parameters"] = parameters }.ToJsonString(), "{}");
        });
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static PolicyInput Compiled(string template, string parameters)
    {
        var snapshot = new BicepSnapshot([], new JsonObject(), [], "{}");
        return PolicyInput.FromPhases(Environment(), Declaration(), [new PhaseEvidence(InfraPhases.All[0], snapshot, template, parameters)]);
    }
}
