using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Generates the architecture document and the Well-Architected report (Markdown + HTML) of each environment, from the
/// state's contracts and rendered bundle and the environment's snapshots, policy results, plans and deployment record.
/// </summary>
public sealed class Document(EnvironmentScope scope) : EnvironmentStep(scope)
{
    public override string Name => "Docs";

    public override string Reads => "environment definition, state.Contracts, environment.Workspace; artifacts/<env>/snapshots, policy results, plans, deployment record";

    public override string Updates => "artifacts/<env>/docs";

    public override Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        var mermaid = MermaidScript.Ensure(state.Layout.Cache);
        var model = LakehouseModelLoader.Load(state.Layout, environment.Definition, environment.Artifacts, state.Lakehouse, state.Contracts, environment.Workspace);
        var result = DocumentationGenerator.Generate(model, environment.Artifacts, mermaid);
        var changed = result.Files.Count(f => f.Value != WriteOutcome.Unchanged);
        state.Log.Information(string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "{0,-10} {1} ✅ {2} ⚠️ {3} ❌  ({4} resources, {5} tables, {6} jobs; {7} of {8} files changed) → {9}",
            environment.Name,
            result.Findings.Count(f => f.Status == AlignmentStatus.Aligned),
            result.Findings.Count(f => f.Status == AlignmentStatus.Partial),
            result.Findings.Count(f => f.Status == AlignmentStatus.Missing),
            model.Resources.Count, model.Contracts?.Tables.Count ?? 0, model.Jobs.Count, changed, result.Files.Count,
            state.Layout.Display(environment.Artifacts.Docs)));
        return Task.FromResult<IReadOnlyList<Problem>>([]);
    }
}
