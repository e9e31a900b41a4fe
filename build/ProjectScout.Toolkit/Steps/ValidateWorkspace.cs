using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Checks each environment's rendered bundle: Jobs API schema, task graph, notebook references, cron, policy
/// conformance, import size, notebook egress (only declared LLM hosts, behind the generated redaction). A template mistake found in several environments is one problem at the template line.
/// </summary>
public sealed class ValidateWorkspace() : EnvironmentStep(EnvironmentScope.All)
{
    public override string Name => nameof(ValidateWorkspace);

    public override string Reads => "environment.Workspace (the rendered bundle), templates/jobs/schema";

    public override string Updates => "nothing";

    public override Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        // Run alone (--exclusive), the render of an earlier run is read from its artifacts.
        var bundle = environment.Workspace ??= WorkspaceBundle.Load(environment.Artifacts, environment.Definition);
        var renderer = new WorkspaceRenderer(state.Layout, state.Lakehouse, state.Governance);
        var found = new BundleValidator(state.Layout, artifact => renderer.TemplateOf(environment.Artifacts, artifact)).Validate(bundle)
            .Concat(Governance.NotebookEgressCheck.Check(bundle.Notebooks, state.Governance, artifact => renderer.TemplateOf(environment.Artifacts, artifact) is { } t ? state.Layout.Display(t) : null)).ToList();
        // Masked tables are unreadable from the wrong compute: the daily job's clusters must be able to read them.
        var compute = new Infra.Rules.JobsMaskedTableCompute().Evaluate(new Infra.PolicyInput { Environment = environment.Definition, Lakehouse = state.Lakehouse, Workspace = bundle });
        found.AddRange(compute.Where(r => !r.Passed).Select(r => new Problem(state.Layout.Display(environment.Artifacts.Jobs), 0, 0, r.RuleId, r.Evidence + "; set databricks.sparkVersion or the cluster profile's access mode")));
        state.Log.Information($"{environment.Name,-10} {bundle.Notebooks.Count} notebooks, {bundle.Jobs.Count} jobs, {bundle.Policies.Count} policies: {(found.Count == 0 ? "ok" : $"{found.Count} problem(s)")}");
        return Task.FromResult<IReadOnlyList<Problem>>(found);
    }
}
