using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Build.Tasks.Docs;

[TaskName(nameof(Docs))]
[TaskDescription("Generate the architecture document and the Well-Architected alignment report (Markdown + HTML) of every environment from its artifacts.")]
[IsDependentOn(typeof(Release.CompileEnvironments))]
[IsDependeeOf(typeof(Package.Package))]
public sealed class Docs : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        // Every environment is documented and released together, so stage and prod docs exist before anything is promoted.
        var mermaid = MermaidScript.Ensure(context.Layout.Cache);
        foreach (var name in context.Environments.Names)
        {
            var environment = context.Environments.Load(name);
            var artifacts = context.Layout.For(name);
            var model = LakehouseModelLoader.Load(context.Layout, environment, artifacts);
            var result = DocumentationGenerator.Generate(model, artifacts, mermaid);
            var changed = result.Files.Count(f => f.Value != WriteOutcome.Unchanged);
            context.Information("{0,-10} {1} ✅ {2} ⚠️ {3} ❌  ({4} resources, {5} tables, {6} jobs; {7} of {8} files changed) → {9}",
                name,
                result.Findings.Count(f => f.Status == AlignmentStatus.Aligned),
                result.Findings.Count(f => f.Status == AlignmentStatus.Partial),
                result.Findings.Count(f => f.Status == AlignmentStatus.Missing),
                model.Resources.Count, model.Contracts?.Tables.Count ?? 0, model.Jobs.Count, changed, result.Files.Count,
                context.Layout.Display(artifacts.Docs));
        }
    }
}
