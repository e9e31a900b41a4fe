using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;

namespace ProjectScout.Build.Tasks.Infra;

[TaskName(nameof(BuildInfra))]
[TaskDescription("Generate phase parameters from the environment file, compile and lint every Bicep template in one Bicep process, and snapshot each phase (skipped when inputs are unchanged).")]
[IsDependentOn(typeof(Validate.ValidateEnvironments))]
[IsDependeeOf(typeof(Validate.Validate))]
public sealed class BuildInfra : AsyncBuildTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var result = await context.InfraBuild.BuildAsync(context.TargetEnvironment, () => context.Bicep.Client);
        foreach (var problem in result.Diagnostics)
        {
            if (problem.Severity == Severity.Error)
            {
                context.Error(problem.ToString());
            }
            else
            {
                context.Warning(problem.ToString());
            }
        }

        ProblemsException.ThrowIfAny(result.Diagnostics);
        if (result.Skipped)
        {
            context.Information("Infra inputs unchanged ({0}); compiled templates, parameters and snapshots are up to date.", result.InputsHash[..12]);
            return;
        }

        context.Information("Compiled and linted {0} templates; {1} diagnostics.", result.TemplatesCompiled, result.Diagnostics.Count);
        foreach (var phase in result.Phases)
        {
            context.Information("Phase {0}: {1}, {2}, {3}", phase.Phase.Number, context.Layout.Display(phase.CompiledTemplate),
                context.Layout.Display(phase.CompiledParameters), context.Layout.Display(phase.Snapshot));
        }
    }
}
