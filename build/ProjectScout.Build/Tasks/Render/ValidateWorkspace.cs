using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Build.Tasks.Render;

[TaskName(nameof(ValidateWorkspace))]
[TaskDescription("Check the rendered notebooks, jobs and policies of every environment: Jobs API schema, task graph, notebook references, cron, policy conformance, import size, Python syntax.")]
[IsDependentOn(typeof(RenderWorkspace))]
[IsDependeeOf(typeof(Validate.Validate))]
public sealed class ValidateWorkspace : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var renderer = new WorkspaceRenderer(context.Layout, context.Lakehouse);
        var problems = new List<Problem>();
        var notebooks = new List<BundleNotebook>();
        foreach (var name in context.Environments.Names)
        {
            var environment = context.Environments.Load(name);
            var artifacts = context.Layout.For(name);
            var bundle = WorkspaceBundle.Load(artifacts, environment);
            var found = new BundleValidator(context.Layout, artifact => renderer.TemplateOf(artifacts, artifact)).Validate(bundle);
            problems.AddRange(found);
            notebooks.AddRange(bundle.Notebooks);
            context.Information("{0,-10} {1} notebooks, {2} jobs, {3} policies: {4}", name, bundle.Notebooks.Count, bundle.Jobs.Count, bundle.Policies.Count,
                found.Count == 0 ? "ok" : $"{found.Count} problem(s)");
        }

        var syntax = new BundleValidator(context.Layout, artifact => renderer.TemplateOf(ArtifactsOf(context, artifact), artifact)).ParsePython(notebooks);
        problems.AddRange(syntax);
        context.Information("python3 ast: {0} notebooks parsed in one process, {1} problem(s)", notebooks.Count(n => n.Language == NotebookLanguage.Python), syntax.Count);
        ProblemsException.ThrowIfAny(MergeAcrossEnvironments(problems));
    }

    /// <summary>A template mistake shows up once per environment; report it once, naming the environments.</summary>
    private static IEnumerable<Problem> MergeAcrossEnvironments(IEnumerable<Problem> problems)
    {
        const string marker = " [rendered artifacts/";
        return problems
            .Select(p => (Problem: p, Cut: p.Message.IndexOf(marker, StringComparison.Ordinal)))
            .GroupBy(x => (x.Problem.File, x.Problem.Line, x.Problem.Column, x.Problem.Code, Base: x.Cut < 0 ? x.Problem.Message : x.Problem.Message[..x.Cut]))
            .Select(g => g.Count() == 1 || g.Any(x => x.Cut < 0)
                ? g.First().Problem
                : g.First().Problem with
                {
                    Message = g.Key.Base + " [rendered for " + string.Join(", ", g.Select(x => x.Problem.Message[(x.Cut + marker.Length)..].Split('/')[0]).Distinct().Order(StringComparer.Ordinal)) + "]",
                });
    }

    private static Toolkit.Layout.EnvironmentArtifacts ArtifactsOf(BuildContext context, string artifact)
    {
        // artifacts/<env>/notebooks/... → the environment's artifact tree.
        var relative = Path.GetRelativePath(context.Layout.Artifacts, artifact);
        return context.Layout.For(relative.Split(Path.DirectorySeparatorChar)[0]);
    }
}
