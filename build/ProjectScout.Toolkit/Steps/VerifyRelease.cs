using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// With --from-release: checks every file of the zip against manifest.json, then installs the target environment's
/// files into artifacts/&lt;env&gt;, so the deploy reads exactly the reviewed bytes.
/// </summary>
public sealed class VerifyRelease : IStep
{
    public string Name => nameof(VerifyRelease);

    public string Reads => "settings.FromRelease (the zip)";

    public string Updates => "state.Release; artifacts/<env> of the target";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        var zip = Path.GetFullPath(state.Settings.FromRelease!, state.Layout.Root);
        var destination = Path.Combine(state.Layout.Artifacts, "from-release", Path.GetFileNameWithoutExtension(zip));
        var release = ReleaseBundle.VerifyAndExtract(zip, destination);
        var environment = state.Target;
        if (!release.Manifest.Environments.Contains(environment.Name, StringComparer.Ordinal))
        {
            throw new ToolkitException($"Release {release.Manifest.Identity.Version} ({Path.GetFileName(zip)}) holds no '{environment.Name}' environment (it holds {string.Join(", ", release.Manifest.Environments)}).");
        }

        state.Release = release;
        // After Validate has checked the checkout, the deploy gets the release's bytes instead; what Validate rendered is not them.
        var installed = ReleaseBundle.InstallInto(release, environment.Name, environment.Artifacts);
        environment.Workspace = null;
        state.Log.Information($"Release {release.Manifest.Identity.Version} (commit {release.Manifest.Identity.Commit}) verified: {release.Manifest.Files.Count} files match manifest.json; {installed} files of '{environment.Name}' installed into {state.Layout.Display(environment.Artifacts.Root)}");
        return Task.CompletedTask;
    }
}
