using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;

namespace ProjectScout.Build.Tasks.Validate;

[TaskName(nameof(ValidateEnvironments))]
[TaskDescription("Load every environment file under templates/environments and check names, networks, e-mails and schedules.")]
public sealed class ValidateEnvironments : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var problems = new List<Problem>();
        foreach (var name in context.Environments.Names)
        {
            var (_, found) = context.Environments.TryLoad(name);
            problems.AddRange(found);
            context.Information("{0,-10} {1}", name, found.Count == 0 ? "ok" : $"{found.Count} problem(s)");
        }

        ProblemsException.ThrowIfAny(problems);
    }
}
