using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ProjectScout.Toolkit.Bicep;

/// <summary>An operating system and processor, spelt as the Bicep CLI's release assets spell them (linux/osx/win, x64/arm64).</summary>
public sealed record BicepPlatform(string Os, string Arch)
{
    public static BicepPlatform Current { get; } = new(
        OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux",
        RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64");

    public bool IsWindows => Os == "win";

    /// <summary>The release asset's file name: bicep-linux-x64, bicep-osx-arm64, bicep-win-x64.exe.</summary>
    public string AssetName => $"bicep-{Os}-{Arch}{(IsWindows ? ".exe" : "")}";

    public override string ToString() => $"{Os}-{Arch}";
}

/// <summary>Where the run's Bicep CLI comes from.</summary>
public enum BicepSource
{
    /// <summary>The pinned Azure.Bicep.CommandLine.linux-x64 NuGet package (restored with the toolkit).</summary>
    NuGet,

    /// <summary>The pinned release asset, already downloaded into the user cache.</summary>
    Cache,

    /// <summary>A bicep on PATH whose version is the pinned one.</summary>
    Path,

    /// <summary>Not available yet: the pinned release asset is to be downloaded from <see cref="BicepChoice.Url"/>.</summary>
    Download,
}

/// <summary>The resolved Bicep CLI: its source, the binary's path (or where a download goes) and, to download, the URL.</summary>
public sealed record BicepChoice(BicepSource Source, string Binary, string? Url = null);

/// <summary>
/// Chooses the Bicep CLI for a platform: on linux-x64 the pinned NuGet binary; elsewhere the pinned release asset from
/// the Bicep CLI's GitHub releases (downloaded once into the user cache), unless a bicep of exactly the pinned version
/// is on PATH. A bicep on PATH of another version is refused with one line naming both versions and the fix.
/// </summary>
public static partial class BicepLocator
{
    /// <summary>The release asset of <paramref name="version"/>, as the Bicep CLI is distributed (github.com/Azure/bicep/releases, tag v&lt;version&gt;).</summary>
    public static string ReleaseAssetUrl(string version, BicepPlatform platform) =>
        $"https://github.com/Azure/bicep/releases/download/v{version}/{platform.AssetName}";

    /// <summary>Where a downloaded release asset is kept: &lt;user cache&gt;/bicep/&lt;version&gt;/&lt;asset&gt;.</summary>
    public static string CachedBinary(string userCache, string version, BicepPlatform platform) =>
        System.IO.Path.Combine(userCache, "bicep", version, platform.AssetName);

    /// <param name="nugetBinary">The restored NuGet binary's path (linux-x64 only), or null.</param>
    /// <param name="findOnPath">Finds an executable on PATH (null when absent).</param>
    /// <param name="versionOf">Runs a bicep binary and returns its version (null when it does not say).</param>
    public static BicepChoice Resolve(BicepPlatform platform, string pinned, string? nugetBinary, string userCache,
        Func<string, string?> findOnPath, Func<string, string?> versionOf, Func<string, bool> exists)
    {
        if (platform == new BicepPlatform("linux", "x64") && nugetBinary is not null && exists(nugetBinary))
        {
            return new BicepChoice(BicepSource.NuGet, nugetBinary);
        }

        var cached = CachedBinary(userCache, pinned, platform);
        if (exists(cached))
        {
            return new BicepChoice(BicepSource.Cache, cached);
        }

        var onPath = findOnPath(platform.IsWindows ? "bicep.exe" : "bicep") ?? (platform.IsWindows ? findOnPath("bicep") : null);
        if (onPath is not null)
        {
            var version = versionOf(onPath);
            if (version == pinned)
            {
                return new BicepChoice(BicepSource.Path, onPath);
            }

            throw new Model.Diagnostics.ToolkitException(MismatchMessage(onPath, version, pinned, platform, cached));
        }

        return new BicepChoice(BicepSource.Download, cached, ReleaseAssetUrl(pinned, platform));
    }

    /// <summary>The one line for a bicep on PATH that is not the pinned version.</summary>
    public static string MismatchMessage(string onPath, string? version, string pinned, BicepPlatform platform, string cached) =>
        $"{onPath} is Bicep {version ?? "of an unknown version"}, but the toolkit pins {pinned} (Directory.Build.props BicepVersion): " +
        $"install Bicep {pinned} on PATH, or put {ReleaseAssetUrl(pinned, platform)} at {cached}.";

    /// <summary>The version a bicep binary reports ("Bicep CLI version 0.49.2 (abc123)"), or null.</summary>
    public static string? ParseVersion(string output) =>
        VersionLine().Match(output) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Runs <c>bicep --version</c>; null when it cannot be run or does not say.</summary>
    public static string? RunVersion(string binary)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(TimeSpan.FromSeconds(30));
            return ParseVersion(output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Bicep CLI version (\d+\.\d+\.\d+)")]
    private static partial Regex VersionLine();
}
