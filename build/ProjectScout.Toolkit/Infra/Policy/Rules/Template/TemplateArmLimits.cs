using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text;
using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>The ARM limits a deployment is rejected for, checked before it is sent.</summary>
public sealed partial class TemplateArmLimits() : PolicyRuleBase("template.arm-limits", WafPillar.OperationalExcellence, "ARM limits: template < 4 MB, <= 256 parameters, <= 64 outputs, <= 800 resources, deployment name")
{
    public const long MaxTemplateBytes = 4 * 1024 * 1024;

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        foreach (var phase in input.Templates)
        {
            var template = JsonNode.Parse(phase.CompiledTemplate)!;
            var parameters = (template["parameters"] as JsonObject)?.Count ?? 0;
            var outputs = (template["outputs"] as JsonObject)?.Count ?? 0;
            var resources = phase.Snapshot.PredictedResources.Count;
            var size = Encoding.UTF8.GetByteCount(phase.CompiledTemplate);
            var deploymentName = phase.Phase.DeploymentName(input.Environment.Name, phase.CompiledTemplate, phase.CompiledParameters);
            var limits = new List<string>();
            if (size >= MaxTemplateBytes) limits.Add($"template is {size} bytes (limit 4 MB)");
            if (parameters > 256) limits.Add($"{parameters} parameters (limit 256)");
            if (outputs > 64) limits.Add($"{outputs} outputs (limit 64)");
            if (resources > 800) limits.Add($"{resources} resources (limit 800)");
            if (!DeploymentNamePattern().IsMatch(deploymentName)) limits.Add($"deployment name '{deploymentName}' is not 1-64 characters of [-\\w._()]");
            yield return Result(phase.Phase.Number, TemplateRules.Type, phase.Phase.TemplateFileName, "size/parameters/outputs/resources/deploymentName", limits.Count == 0,
                limits.Count == 0
                    ? $"{size} bytes, {parameters} parameters, {outputs} outputs, {resources} resources, deployment '{deploymentName}'"
                    : string.Join("; ", limits));
        }
    }

    [GeneratedRegex(@"^[-\w\._\(\)]{1,64}$")]
    private static partial Regex DeploymentNamePattern();
}
