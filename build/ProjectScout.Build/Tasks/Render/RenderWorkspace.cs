using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Render;

[TaskName(nameof(RenderWorkspace))]
[TaskDescription("Render notebooks, jobs and cluster policies from notebooks/ and templates/jobs/ for every environment (skipped when no input changed).")]
internal sealed class RenderWorkspace : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.RenderWorkspace);
}
