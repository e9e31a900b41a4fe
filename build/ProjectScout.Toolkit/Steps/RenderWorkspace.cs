using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Steps;

/// <summary>Renders notebooks, jobs and cluster policies of every environment (skipped when no input changed).</summary>
public sealed class RenderWorkspace() : EnvironmentStep(EnvironmentScope.All)
{
    public override string Name => nameof(RenderWorkspace);

    public override string Reads => "environment definition, state.Contracts, state.Lakehouse, state.Governance, notebooks/, templates/jobs";

    public override string Updates => "environment.Render, environment.Workspace; artifacts/<env>/notebooks, jobs, policies, unity-catalog.json";

    public override Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        var summary = new WorkspaceRenderer(state.Layout, state.Lakehouse, state.Governance).Render(environment.Definition, state.Contracts);
        environment.Render = summary;
        environment.Workspace = summary.Bundle ?? WorkspaceBundle.Load(environment.Artifacts, environment.Definition);
        UnityCatalogDesired.For(environment.Definition, state.Lakehouse, state.Governance.FunctionSchema).Save(environment.Artifacts);
        state.Log.Information(summary.Skipped
            ? $"{environment.Name,-10} unchanged: {summary.Notebooks} notebooks, {summary.Jobs} jobs, {summary.Policies} policies (inputs did not change)"
            : $"{environment.Name,-10} rendered {summary.Notebooks} notebooks, {summary.Jobs} jobs, {summary.Policies} policies; {summary.Written} written, {summary.Removed} stale removed");
        return Task.FromResult<IReadOnlyList<Problem>>([]);
    }
}
