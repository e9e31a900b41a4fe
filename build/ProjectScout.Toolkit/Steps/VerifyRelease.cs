using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// With --from-release: refuses any zip but the one Package built (--release-sha256), checks every file against
/// manifest.json, checks the release's own templates and snapshots against the policy rules Validate runs, and only
/// then installs the target environment's files into artifacts/&lt;env&gt;, so the deploy reads exactly the reviewed bytes.
/// </summary>
public sealed class VerifyRelease : IStep
{
    public string Name => nameof(VerifyRelease);

    public string Reads => "settings.FromRelease (the zip), settings.ReleaseSha256";

    public string Updates => "state.Release; artifacts/<env> of the target";

    public async Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        var zip = Path.GetFullPath(state.Settings.FromRelease!, state.Layout.Root);
        // Before anything is written: a zip that is not the built one is refused however consistent its manifest is.
        ReleaseBundle.RequireSha256(zip, state.Settings.ReleaseSha256
            ?? throw new ToolkitException($"--{Configuration.ArgumentNames.FromRelease} needs --{Configuration.ArgumentNames.ReleaseSha256}=<the SHA-256 Package printed>."));
        var destination = Path.Combine(state.Layout.Artifacts, "from-release", Path.GetFileNameWithoutExtension(zip));
        var release = ReleaseBundle.VerifyAndExtract(zip, destination);
        var environment = state.Target;
        try
        {
            if (!release.Manifest.Environments.Contains(environment.Name, StringComparer.Ordinal))
            {
                throw new ToolkitException($"Release {release.Manifest.Identity.Version} ({Path.GetFileName(zip)}) holds no '{environment.Name}' environment (it holds {string.Join(", ", release.Manifest.Environments)}).");
            }

            await CheckPoliciesAsync(state, release, environment, cancellationToken);
        }
        catch
        {
            // A refused release leaves nothing behind that a later run could pick up.
            Directory.Delete(release.ArtifactsRoot, recursive: true);
            throw;
        }

        state.Release = release;
        // After Validate has checked the checkout, the deploy gets the release's bytes instead; what Validate rendered is not them.
        var installed = ReleaseBundle.InstallInto(release, environment.Name, environment.Artifacts);
        environment.Workspace = null;
        // The release passed Package's Validate (its hash says so) and the policies again: its bytes are deployable.
        ValidationStamp.Write(state.Layout, environment.Name);
        state.Log.Information($"Release {release.Manifest.Identity.Version} (commit {release.Manifest.Identity.Commit}) verified: SHA-256 as expected, {release.Manifest.Files.Count} files match manifest.json, policies pass; {installed} files of '{environment.Name}' installed into {state.Layout.Display(environment.Artifacts.Root)}");
    }

    /// <summary>
    /// The policy rules Validate runs, through the same step, over the release's own compiled templates and snapshots: a
    /// release that hashes correctly but would not pass Validate (TLS1_0 and a regenerated manifest) is not deployed.
    /// </summary>
    private static async Task CheckPoliciesAsync(BuildState state, VerifiedRelease release, EnvironmentState environment, CancellationToken cancellationToken)
    {
        var releaseLayout = state.Layout with { ArtifactsRelative = release.ArtifactsRoot };
        var releaseState = new BuildState(releaseLayout, state.Settings, state.Log, state.Bicep);
        var inRelease = new EnvironmentState(environment.Name, environment.Definition, [], releaseLayout.For(environment.Name));
        // The step saves its results next to the snapshots; the release's own copy is what gets installed, byte for byte.
        var resultsPath = Path.Combine(inRelease.Artifacts.Infra, Model.Infra.InfraPhases.PolicyResultsFileName);
        var released = File.Exists(resultsPath) ? File.ReadAllBytes(resultsPath) : null;
        var problems = await new CheckInfraPolicies(EnvironmentScope.Target).ApplyAsync(releaseState, inRelease, cancellationToken);
        if (released is null)
        {
            File.Delete(resultsPath);
        }
        else
        {
            File.WriteAllBytes(resultsPath, released);
        }

        ProblemsException.ThrowIfAny(problems);
    }
}
