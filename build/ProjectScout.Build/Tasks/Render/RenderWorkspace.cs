using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Rendering;

namespace ProjectScout.Build.Tasks.Render;

[TaskName(nameof(RenderWorkspace))]
[TaskDescription("Render notebooks, jobs and cluster policies from notebooks/ and templates/jobs/ for every environment (skipped when no input changed).")]
[IsDependeeOf(typeof(Validate.Validate))]
public sealed class RenderWorkspace : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var renderer = new WorkspaceRenderer(context.Layout, context.Lakehouse);
        var problems = new List<Problem>();
        foreach (var name in context.Environments.Names)
        {
            try
            {
                var summary = renderer.Render(context.Environments.Load(name), context.Contracts);
                context.Information(summary.Skipped
                    ? "{0,-10} unchanged: {1} notebooks, {2} jobs, {3} policies (inputs did not change)"
                    : "{0,-10} rendered {1} notebooks, {2} jobs, {3} policies; {4} written, {5} stale removed",
                    name, summary.Notebooks, summary.Jobs, summary.Policies, summary.Written, summary.Removed);
            }
            catch (ProblemsException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        ProblemsException.ThrowIfAny(problems.Distinct());
    }
}
