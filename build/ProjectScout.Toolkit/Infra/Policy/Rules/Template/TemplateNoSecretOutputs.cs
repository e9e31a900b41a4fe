using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>Outputs are stored in the deployment history in clear text.</summary>
public sealed class TemplateNoSecretOutputs() : PolicyRuleBase("template.no-secret-outputs", WafPillar.Security, "No template output carries a secret")
{
    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var phase in input.Templates)
        {
            foreach (var (name, output) in JsonNode.Parse(phase.CompiledTemplate)?["outputs"] as JsonObject ?? [])
            {
                var value = output?["value"]?.ToJsonString() ?? string.Empty;
                var secret = Str(output?["type"]).ToLowerInvariant() is "securestring" or "secureobject"
                             || new[] { "listKeys(", "listSecrets(", "sharedKeys", "connectionString" }.Any(s => value.Contains(s, StringComparison.OrdinalIgnoreCase));
                yield return Result(phase.Phase.Number, TemplateRules.Type, phase.Phase.TemplateFileName, $"outputs.{name}", !secret,
                    secret ? "returns a secret (listKeys/listSecrets/shared key/secure type); outputs are stored in the deployment history in clear text" : "no secret");
            }
        }
    }
}
