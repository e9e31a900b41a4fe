using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Render;

[TaskName(nameof(ParseNotebooks))]
[TaskDescription("Parse every rendered Python notebook of every environment with python3's ast, in one process.")]
[IsDependentOn(typeof(RenderWorkspace))]
internal sealed class ParseNotebooks : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.ParseNotebooks);
}
