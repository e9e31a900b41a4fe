using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Render;

[TaskName(nameof(ValidateWorkspace))]
[TaskDescription("Check the rendered notebooks, jobs and policies of every environment: Jobs API schema, task graph, notebook references, cron, policy conformance, import size.")]
[IsDependentOn(typeof(RenderWorkspace))]
internal sealed class ValidateWorkspace : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.ValidateWorkspace);
}
