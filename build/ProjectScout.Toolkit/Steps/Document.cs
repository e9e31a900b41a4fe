using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Generates the architecture document, the Well-Architected report, ACCESS.md, the DR playbook, the cost estimate and the data-quality report (Markdown + HTML) of each environment, from the
/// state's contracts and rendered bundle and the environment's snapshots, policy results, plans and deployment record.
/// </summary>
public sealed class Document(EnvironmentScope scope) : EnvironmentStep(scope)
{
    public override string Name => "Docs";

    public override string Reads => "environment definition, state.Contracts, state.Governance, environment.Workspace; templates/assessment.yaml, prices.yaml, cost-assumptions.yaml; artifacts/<env>/snapshots, policy results, plans, deployment record; the mermaid script in the user cache";

    public override string Updates => "artifacts/<env>/docs, artifacts/assets/mermaid.min.js";

    public override Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        var mermaid = ShareMermaid(state, warn: environment == InScope(state)[0]);
        var model = LakehouseModelLoader.Load(state.Layout, environment.Definition, environment.Artifacts, state.Lakehouse, state.Contracts, environment.Workspace, state.Governance);
        var result = DocumentationGenerator.Generate(model, environment.Artifacts, mermaid, state.Settings.DocsFlavor);
        var changed = result.Files.Count(f => f.Value != WriteOutcome.Unchanged);
        state.Log.Information(string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "{0,-10} {1} ✅ {2} ⚠️ {3} ❌ of {10} assessment items  ({4} resources, {5} tables, {6} jobs; {7} of {8} files changed) → {9}",
            environment.Name,
            result.Rows.Count(f => f.Status == AlignmentStatus.Aligned),
            result.Rows.Count(f => f.Status == AlignmentStatus.Partial),
            result.Rows.Count(f => f.Status == AlignmentStatus.Missing),
            model.Resources.Count, model.Contracts?.Tables.Count ?? 0, model.Jobs.Count, changed, result.Files.Count,
            state.Layout.Display(environment.Artifacts.Docs), result.Rows.Count));
        return Task.FromResult<IReadOnlyList<Problem>>([]);
    }

    /// <summary>
    /// The mermaid script under artifacts/assets, copied from the user cache (fetched there once); null, with one
    /// warning per run, when it cannot be had: the documents are still written and show the diagram's source.
    /// </summary>
    private static string? ShareMermaid(BuildState state, bool warn)
    {
        var cached = MermaidScript.TryEnsure(state.Layout.UserCache, out var unavailable);
        if (cached is null)
        {
            if (warn)
            {
                state.Log.Warning(unavailable);
            }

            return null;
        }

        var shared = Path.Combine(state.Layout.Assets, MermaidScript.FileName);
        GeneratedFiles.Write(shared, File.ReadAllBytes(cached));
        return shared;
    }
}
