using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build.Tasks.Release;

[TaskName(nameof(Bundle))]
[TaskDescription("Write artifacts/release/projectscout-<version>.zip: every environment's templates, snapshots, notebooks, jobs, policies and docs, with manifest.json.")]
[IsDependentOn(typeof(Docs.Docs))]
[IsDependeeOf(typeof(Package.Package))]
public sealed class Bundle : BuildTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var identity = ReleaseIdentity.FromGit(context.Layout.Root);
        var zip = Path.Combine(context.Layout.Release, ReleaseBundle.FileName(identity.Version));
        var manifest = ReleaseBundle.Create(context.Layout.Artifacts, context.Environments.Names, identity, zip);
        // Read back through the verifier: a release that would be refused at deploy time must not be published.
        ReleaseBundle.Verify(zip);
        context.Information("Release {0} (commit {1}, bicep {2}): {3} files for {4} → {5} (SHA-256 {6})",
            identity.Version, identity.Commit[..Math.Min(12, identity.Commit.Length)], identity.BicepVersion, manifest.Files.Count,
            string.Join(", ", manifest.Environments), context.Layout.Display(zip), GeneratedFiles.Sha256OfFile(zip)[..16]);
    }
}
