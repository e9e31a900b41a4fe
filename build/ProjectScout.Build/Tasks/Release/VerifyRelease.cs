using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build.Tasks.Release;

[TaskName(nameof(VerifyRelease))]
[TaskDescription("With --from-release=<zip>: check every file's SHA-256 against manifest.json (no file missing or extra), then install the environment's files into artifacts/<env> for the deploy tasks.")]
[IsDependentOn(typeof(Validate.Validate))]
[IsDependeeOf(typeof(Deploy.DeployPhase1))]
[IsDependeeOf(typeof(Deploy.DeployPhase2))]
[IsDependeeOf(typeof(Deploy.DeployPhase3))]
public sealed class VerifyRelease : BuildTask<BuildContext>
{
    public override bool ShouldRun(BuildContext context) => context.Settings.FromRelease is not null;

    public override string SkippedMessage => $"no --{ArgumentNames.FromRelease}: deploying from artifacts/";

    public override void Run(BuildContext context)
    {
        var zip = Path.GetFullPath(context.Settings.FromRelease!, context.Layout.Root);
        var destination = Path.Combine(context.Layout.Artifacts, "from-release", Path.GetFileNameWithoutExtension(zip));
        var release = ReleaseBundle.VerifyAndExtract(zip, destination);
        var environment = context.Settings.EnvironmentName;
        if (!release.Manifest.Environments.Contains(environment, StringComparer.Ordinal))
        {
            throw new ToolkitException($"Release {release.Manifest.Identity.Version} ({Path.GetFileName(zip)}) holds no '{environment}' environment (it holds {string.Join(", ", release.Manifest.Environments)}).");
        }

        context.Release = release;
        // The deploy tasks read artifacts/<env>; after Validate has checked the checkout, they get the release's bytes instead.
        var installed = ReleaseBundle.InstallInto(release, environment, context.Artifacts);
        context.Information("Release {0} (commit {1}) verified: {2} files match manifest.json; {3} files of '{4}' installed into {5}",
            release.Manifest.Identity.Version, release.Manifest.Identity.Commit, release.Manifest.Files.Count, installed, environment,
            context.Layout.Display(context.Artifacts.Root));
    }
}
