using System.Text.Json.Nodes;

namespace ProjectScout.Model.Templates;

/// <summary>Where and as what a template is evaluated: what subscription(), resourceGroup() and deployment() return.</summary>
public sealed record TemplateEvaluationRequest(
    JsonObject Template,
    JsonObject Parameters,
    string SubscriptionId,
    string ResourceGroup,
    string Location,
    string DeploymentName,
    string? TenantId = null);

/// <summary>
/// What a deployment of the template would produce: the resources with the ids, names and properties Azure would
/// give them (modules flattened), the outputs, and errors (empty when the template evaluated).
/// </summary>
public sealed record TemplateEvaluation(IReadOnlyList<JsonObject> PredictedResources, JsonObject Outputs, IReadOnlyList<string> Errors);

/// <summary>Evaluates a submitted ARM template offline (the toolkit's BicepTemplateEvaluator, handed to the sandbox by whoever starts it).</summary>
public interface ITemplateEvaluator
{
    Task<TemplateEvaluation> EvaluateAsync(TemplateEvaluationRequest request, CancellationToken cancellationToken);
}
