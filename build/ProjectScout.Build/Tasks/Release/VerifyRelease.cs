using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Release;

[TaskName(nameof(VerifyRelease))]
[TaskDescription("With --from-release=<zip>: check every file's SHA-256 against manifest.json (no file missing or extra), then install the environment's files into artifacts/<env> for the deploy tasks.")]
[IsDependentOn(typeof(Validate.Validate))]
internal sealed class VerifyRelease : AsyncBuildTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => context.Settings.FromRelease is not null;

    public override string SkippedMessage => $"no --{ArgumentNames.FromRelease}: deploying from artifacts/";

    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.VerifyRelease);
}
