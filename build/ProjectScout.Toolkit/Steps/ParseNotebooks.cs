using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Parses every rendered Python notebook of every environment with python3's ast, in one process. Without python3 on
/// PATH the check is skipped with a warning naming what was not checked: Python is optional for a local build (the
/// notebooks run on Databricks, not here), and every other check does not need it.
/// </summary>
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

        var python = ToolPath.Find(Prerequisites.Python.Tool);
        var pythonNotebooks = notebooks.Count(n => n.Language == NotebookLanguage.Python);
        if (python is null)
        {
            state.Log.Warning($"Skipped the Python syntax check of {pythonNotebooks} rendered notebooks in {state.Environments.Count} environments: {Prerequisites.Python.MissingLine}");
            return Task.CompletedTask;
        }

        var renderer = new WorkspaceRenderer(state.Layout, state.Lakehouse, state.Governance);
        var validator = new BundleValidator(state.Layout, artifact =>
            owners.TryGetValue(Path.GetFullPath(artifact), out var owner) ? renderer.TemplateOf(owner.Artifacts, artifact) : null);
        var problems = validator.ParsePython(notebooks, python);
        state.Log.Information($"python3 ast: {pythonNotebooks} notebooks parsed in one process, {problems.Count} problem(s)");
        ProblemsException.ThrowIfAny(problems.Distinct());
        return Task.CompletedTask;
    }
}
