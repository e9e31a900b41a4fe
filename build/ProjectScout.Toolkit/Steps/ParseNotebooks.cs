using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Steps;

/// <summary>Parses every rendered Python notebook of every environment with python3's ast, in one process.</summary>
public sealed class ParseNotebooks : IStep
{
    public string Name => nameof(ParseNotebooks);

    public string Reads => "environment.Workspace of every environment";

    public string Updates => "nothing";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        // Which environment rendered a notebook is data of the state, not something to read back out of its path.
        var owners = new Dictionary<string, EnvironmentState>(StringComparer.Ordinal);
        var notebooks = new List<BundleNotebook>();
        foreach (var environment in state.Environments)
        {
            var bundle = environment.Workspace ??= WorkspaceBundle.Load(environment.Artifacts, environment.Definition);
            foreach (var notebook in bundle.Notebooks)
            {
                owners[Path.GetFullPath(notebook.SourceFile)] = environment;
                notebooks.Add(notebook);
            }
        }

        var renderer = new WorkspaceRenderer(state.Layout, state.Lakehouse);
        var validator = new BundleValidator(state.Layout, artifact =>
            owners.TryGetValue(Path.GetFullPath(artifact), out var owner) ? renderer.TemplateOf(owner.Artifacts, artifact) : null);
        var problems = validator.ParsePython(notebooks);
        state.Log.Information($"python3 ast: {notebooks.Count(n => n.Language == NotebookLanguage.Python)} notebooks parsed in one process, {problems.Count} problem(s)");
        ProblemsException.ThrowIfAny(problems.Distinct());
        return Task.CompletedTask;
    }
}
