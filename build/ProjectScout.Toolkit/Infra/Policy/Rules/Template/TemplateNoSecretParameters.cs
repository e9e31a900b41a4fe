using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

public sealed class TemplateNoSecretParameters() : PolicyRuleBase("template.no-secret-parameters", WafPillar.Security, "No secret values in the parameters file")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var phase in input.Templates)
        {
            var declared = JsonNode.Parse(phase.CompiledTemplate)?["parameters"] as JsonObject ?? [];
            foreach (var (name, value) in JsonNode.Parse(phase.CompiledParameters)?["parameters"] as JsonObject ?? [])
            {
                var literalSecret = Str(declared[name]?["type"]).ToLowerInvariant() is "securestring" or "secureobject" && value?["value"] is not null;
                yield return Result(phase.Phase.Number, TemplateRules.Type, phase.Phase.TemplateFileName, $"parameters.{name}", !literalSecret,
                    literalSecret ? "a secure parameter has a literal value in the parameters file; use a Key Vault reference" : "not a secret literal");
            }
        }
    }
}
