using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;

namespace ProjectScout.Build.Tasks.Release;

[TaskName(nameof(CompileEnvironments))]
[TaskDescription("Compile, snapshot and policy-check the templates of every other environment (Validate did the selected one), so the release and its documents cover all of them.")]
[IsDependentOn(typeof(Validate.Validate))]
[IsDependeeOf(typeof(Package.Package))]
public sealed class CompileEnvironments : AsyncBuildTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var problems = new List<Problem>();
        foreach (var name in context.Environments.Names.Where(n => n != context.Settings.EnvironmentName))
        {
            var environment = context.Environments.Load(name);
            // The run's one Bicep process; unchanged inputs are skipped by the infra stamp.
            var build = await context.InfraBuild.BuildAsync(environment, () => context.Bicep.Client);
            problems.AddRange(build.Diagnostics.Where(d => d.Severity == Severity.Error));
            if (build.HasErrors)
            {
                context.Information("{0,-10} compile failed", name);
                continue;
            }

            var results = context.InfraPolicies.EvaluateAndSave(environment);
            var failures = context.InfraPolicies.Failures(name, results);
            problems.AddRange(failures);
            context.Information("{0,-10} {1}; {2} policy checks, {3} failed", name, build.Skipped ? "unchanged" : $"compiled {build.TemplatesCompiled} templates",
                results.Count, failures.Count);
        }

        ProblemsException.ThrowIfAny(problems);
    }
}
