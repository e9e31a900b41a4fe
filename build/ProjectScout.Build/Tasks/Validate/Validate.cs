using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Validate;

[TaskName(nameof(Validate))]
[TaskDescription("Every offline check a pull request must pass: environments, templates, contracts, notebooks, jobs and policies.")]
[IsDependentOn(typeof(ValidateEnvironments))]
public sealed class Validate : BuildTask<BuildContext>;
