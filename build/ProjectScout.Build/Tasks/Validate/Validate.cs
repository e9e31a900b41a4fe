using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Validate;

/// <summary>The steps of <see cref="Toolkit.Steps.BuildSteps.Validate"/>, in order.</summary>
[TaskName(nameof(Validate))]
[TaskDescription("Every offline check a pull request must pass: environments, templates, contracts, notebooks, jobs and policies.")]
[IsDependentOn(typeof(ValidateEnvironments))]
[IsDependentOn(typeof(Infra.BuildInfra))]
[IsDependentOn(typeof(Infra.CheckInfraPolicies))]
[IsDependentOn(typeof(Render.RenderWorkspace))]
[IsDependentOn(typeof(Render.ValidateWorkspace))]
[IsDependentOn(typeof(Render.ParseNotebooks))]
public sealed class Validate : AsyncBuildTask<BuildContext>
{
    /// <summary>Every check passed: the target's artifacts become deployable.</summary>
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.StampValidation);
}
