using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Writes artifacts/release/projectscout-&lt;version&gt;.zip with manifest.json, verifies it as a deploy would, and prints
/// its SHA-256: the value a deploy passes as --release-sha256 (on Azure Pipelines also the step's output variable).
/// </summary>
public sealed class Bundle : IStep
{
    /// <summary>The output variable the Package stage sets; the deploy stages read it (azure-pipelines.yml).</summary>
    public const string Sha256OutputVariable = "releaseSha256";

    public string Name => nameof(Bundle);

    public string Reads => "artifacts/<env>/{infra,snapshots,notebooks,jobs,policies,docs} of every environment, artifacts/assets; git (version, commit, uncommitted changes)";

    public string Updates => "artifacts/release/projectscout-<version>.zip; output variable releaseSha256 on Azure Pipelines";

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
        var sha256 = GeneratedFiles.Sha256OfFile(zip);
        state.Log.Information($"Release {identity.Version} (commit {identity.Commit[..Math.Min(12, identity.Commit.Length)]}, bicep {identity.BicepVersion}): {manifest.Files.Count} files for {string.Join(", ", manifest.Environments)} → {state.Layout.Display(zip)}");
        state.Log.Information($"SHA-256 {sha256}  (deploy it with --from-release={state.Layout.Display(zip)} --release-sha256={sha256})");
        AzurePipelinesAnnotations.SetOutputVariable(Sha256OutputVariable, sha256, Console.Out);
        return Task.CompletedTask;
    }
}
