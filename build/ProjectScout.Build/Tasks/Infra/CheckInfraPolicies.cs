using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;

namespace ProjectScout.Build.Tasks.Infra;

[TaskName(nameof(CheckInfraPolicies))]
[TaskDescription("Check the predicted resources of every phase against the pre-deploy checklist (TLS, public access, network, soft delete, diagnostics, alerts, secrets, ARM limits).")]
[IsDependentOn(typeof(BuildInfra))]
[IsDependeeOf(typeof(Validate.Validate))]
public sealed class CheckInfraPolicies : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var results = context.InfraPolicies.EvaluateAndSave(context.TargetEnvironment);
        var failed = results.Where(r => !r.Passed).ToList();
        context.Information("{0} policy checks over {1} rules: {2} passed, {3} failed. Results: {4}",
            results.Count, results.Select(r => r.RuleId).Distinct().Count(), results.Count - failed.Count, failed.Count,
            context.Layout.Display(context.InfraPolicies.ResultsPath(context.TargetEnvironment.Name)));
        ProblemsException.ThrowIfAny(context.InfraPolicies.Failures(context.TargetEnvironment.Name, failed));
    }
}
