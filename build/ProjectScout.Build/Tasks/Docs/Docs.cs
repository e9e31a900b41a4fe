using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Docs;

[TaskName(nameof(Docs))]
[TaskDescription("Generate the architecture, Well-Architected alignment, access, DR playbook, cost estimate and data-quality documents (Markdown + HTML) of every environment from its artifacts.")]
[IsDependentOn(typeof(Release.CompileEnvironments))]
public sealed class Docs : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.Docs);
}
