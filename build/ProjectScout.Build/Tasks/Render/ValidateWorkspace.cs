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
        var renderer = new WorkspaceRenderer(context.Layout);
        var problems = new List<Problem>();
        var notebooks = new List<BundleNotebook>();
        foreach (var name in context.Environments.Names)
        {
            var environment = context.Environments.Load(name);
            var artifacts = context.Layout.For(name);
            var bundle = WorkspaceBundle.Load(artifacts, environment.Databricks.NotebookRoot);
            var found = new BundleValidator(context.Layout, artifact => renderer.TemplateOf(artifacts, artifact)).Validate(bundle);
            problems.AddRange(found);
            notebooks.AddRange(bundle.Notebooks);
            context.Information("{0,-10} {1} notebooks, {2} jobs, {3} policies: {4}", name, bundle.Notebooks.Count, bundle.Jobs.Count, bundle.Policies.Count,
                found.Count == 0 ? "ok" : $"{found.Count} problem(s)");
        }

        var syntax = new BundleValidator(context.Layout, _ => null).ParsePython(notebooks);
        problems.AddRange(syntax);
        context.Information("python3 ast: {0} notebooks parsed in one process, {1} problem(s)", notebooks.Count(n => n.Language == NotebookLanguage.Python), syntax.Count);
        ProblemsException.ThrowIfAny(problems);
    }
}
