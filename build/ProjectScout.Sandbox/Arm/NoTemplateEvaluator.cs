using ProjectScout.Model.Templates;

namespace ProjectScout.Sandbox.Arm;

/// <summary>
/// Stands in when the starter handed in no template evaluator (the sandbox references only the model, and evaluating
/// a template needs the toolkit's Bicep): every deployment, validation and what-if fails with a line saying how to
/// start a sandbox that evaluates templates.
/// </summary>
internal sealed class NoTemplateEvaluator : ITemplateEvaluator
{
    public static readonly NoTemplateEvaluator Instance = new();

    public const string Message =
        "This sandbox was started without a template evaluator, so it cannot evaluate ARM templates; start it with ./build.sh --target=Sandbox (which hands in the Bicep evaluator).";

    public Task<TemplateEvaluation> EvaluateAsync(TemplateEvaluationRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new TemplateEvaluation([], [], [Message]));
}
