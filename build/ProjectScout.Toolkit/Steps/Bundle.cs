using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Toolkit.Steps;

/// <summary>Writes artifacts/release/projectscout-&lt;version&gt;.zip with manifest.json, then verifies it as a deploy would.</summary>
public sealed class Bundle : IStep
{
    public string Name => nameof(Bundle);

    public string Reads => "artifacts/<env>/{infra,snapshots,notebooks,jobs,policies,docs} of every environment, artifacts/assets; git (version, commit, uncommitted changes)";

    public string Updates => "artifacts/release/projectscout-<version>.zip";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        var identity = ReleaseIdentity.FromGit(state.Layout.Root);
        if (identity.IsDirty)
        {
            state.Log.Warning($"The working tree has uncommitted changes: the release is versioned {identity.Version}, not the clean {identity.Version[..^ReleaseIdentity.DirtySuffix.Length]} of commit {identity.Commit[..Math.Min(12, identity.Commit.Length)]}. Commit (or stash) them for a release a commit reproduces (`git status` lists them).");
        }

        var zip = Path.Combine(state.Layout.Release, ReleaseBundle.FileName(identity.Version));
        var manifest = ReleaseBundle.Create(state.Layout.Artifacts, state.Environments.Select(e => e.Name).ToList(), identity, zip);
        // Read back through the verifier: a release that would be refused at deploy time must not be published.
        ReleaseBundle.Verify(zip);
        state.Log.Information($"Release {identity.Version} (commit {identity.Commit[..Math.Min(12, identity.Commit.Length)]}, bicep {identity.BicepVersion}): {manifest.Files.Count} files for {string.Join(", ", manifest.Environments)} → {state.Layout.Display(zip)} (SHA-256 {GeneratedFiles.Sha256OfFile(zip)[..16]})");
        return Task.CompletedTask;
    }
}
