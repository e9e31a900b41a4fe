using System.Diagnostics;
using System.Reflection;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Release;

/// <summary>What a release is: its version, the commit it was built from, and the tool versions that built it.</summary>
public sealed record ReleaseIdentity(string Version, string Commit, string ToolkitVersion, string BicepVersion)
{
    /// <summary>Repository-relative path of the committed "major.minor"; the patch is the commit height since it last changed.</summary>
    public const string VersionFile = "build/ProjectScout.Toolkit/Release/release-version.txt";

    /// <summary>Appended to the version of a build from a working tree with uncommitted changes: it is not the commit's release.</summary>
    public const string DirtySuffix = "-dirty";

    /// <summary>True when the build's working tree had uncommitted changes (tracked or untracked, ignored files aside).</summary>
    public bool IsDirty => Version.EndsWith(DirtySuffix, StringComparison.Ordinal);

    public static string CurrentToolkitVersion =>
        typeof(ReleaseIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(ReleaseIdentity).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static string CurrentBicepVersion => Bicep.BicepCli.PinnedVersion;

    /// <summary>
    /// Derives the version from git, Nerdbank-style: the committed major.minor plus the number of commits since that file
    /// last changed, so every commit has a distinct, reproducible version and no one edits a number by hand. A working
    /// tree with uncommitted changes gets <see cref="DirtySuffix"/>: its contents are not what the commit holds.
    /// </summary>
    public static ReleaseIdentity FromGit(string root)
    {
        var versionPath = Path.Combine(root, VersionFile);
        if (!File.Exists(versionPath))
        {
            throw new ToolkitException($"{VersionFile} is missing: it holds the release's major.minor (e.g. 0.1).");
        }

        var majorMinor = File.ReadAllText(versionPath).Trim();
        var parts = majorMinor.Split('.');
        if (parts.Length != 2 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            throw new ToolkitException($"{VersionFile}(1,1): expected 'major.minor' (e.g. 0.1), found '{majorMinor}'.");
        }

        var commit = Git(root, "rev-parse HEAD");
        var lastChange = Git(root, $"log -1 --format=%H -- {VersionFile}");
        var height = lastChange.Length == 0
            ? Git(root, "rev-list --count HEAD")
            : (int.Parse(Git(root, $"rev-list --count {lastChange}..HEAD"), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dirty = Git(root, "status --porcelain").Length > 0 ? DirtySuffix : "";
        return new ReleaseIdentity($"{majorMinor}.{height}{dirty}", commit, CurrentToolkitVersion, CurrentBicepVersion);
    }

    private static string Git(string root, string arguments)
    {
        var start = new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            // Read stderr concurrently: reading one stream to its end first can deadlock when the other fills its pipe.
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new ToolkitException($"git {arguments} failed in {root}: {error.Result.Trim()} (the release version is derived from git; build from a clone).");
            }

            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ToolkitException("git was not found on PATH: the release version is derived from git history. Install git.", ex);
        }
    }
}
