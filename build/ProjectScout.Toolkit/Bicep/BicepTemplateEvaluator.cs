using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Templates;

namespace ProjectScout.Toolkit.Bicep;

/// <summary>
/// Evaluates templates submitted to the sandbox with the toolkit's Bicep client (<see cref="BicepClient.EvaluateArmTemplateAsync"/>:
/// one long-lived <c>bicep jsonrpc</c> process, the template snapshotted with its parameters). Whoever starts the sandbox hands
/// it in (the sandbox references only the model). The process is started on the first deployment, so a sandbox used
/// only for Databricks never starts Bicep. Pass a running client to share the build's one Bicep process; otherwise
/// this evaluator owns and stops its own.
/// </summary>
public sealed class BicepTemplateEvaluator : ITemplateEvaluator, IAsyncDisposable
{
    private readonly Lazy<BicepClient> _client;
    private readonly bool _owned;

    /// <summary>Owns its own Bicep process, started on the first evaluation and stopped on dispose.</summary>
    public BicepTemplateEvaluator()
    {
        _owned = true;
        _client = new Lazy<BicepClient>(() => BicepClient.Start(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Shares a Bicep process someone else owns (e.g. the build run's), asked for only on the first evaluation.</summary>
    public BicepTemplateEvaluator(Func<BicepClient> shared)
    {
        _owned = false;
        _client = new Lazy<BicepClient>(shared, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async Task<TemplateEvaluation> EvaluateAsync(TemplateEvaluationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await _client.Value.EvaluateArmTemplateAsync(
                request.Template,
                request.Parameters,
                new SnapshotMetadata(request.SubscriptionId, request.ResourceGroup, request.Location, request.TenantId, request.DeploymentName),
                cancellationToken);
            var errors = snapshot.Diagnostics.Where(d => d.Level == BicepDiagnosticLevel.Error).Select(d => $"{d.Code}: {d.Message}").ToList();
            return new TemplateEvaluation(snapshot.PredictedResources, snapshot.Outputs, errors);
        }
        catch (ProblemsException ex)
        {
            return new TemplateEvaluation([], [], ex.Problems.Where(p => p.Severity == Severity.Error).Select(p => p.ToString()).ToList());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned && _client.IsValueCreated)
        {
            await _client.Value.DisposeAsync();
        }
    }
}
