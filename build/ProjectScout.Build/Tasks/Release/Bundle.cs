using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Release;

[TaskName(nameof(Bundle))]
[TaskDescription("Write artifacts/release/projectscout-<version>.zip: every environment's templates, snapshots, notebooks, jobs, policies and docs, with manifest.json.")]
[IsDependentOn(typeof(Docs.Docs))]
internal sealed class Bundle : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.Bundle);
}
