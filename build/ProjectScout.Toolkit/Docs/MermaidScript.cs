using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// The mermaid renderer the HTML documents load from beside themselves, so diagrams render with no network.
/// Fetched once from the npm registry (<c>npm pack</c>), extracted with System.Formats.Tar, checked against a pinned
/// SHA-256 and cached in the user cache directory (<see cref="Layout.ToolkitLayout.UserCache"/>), so it survives
/// <c>Clean</c>; never committed (it is 5 MB of someone else's MIT-licensed code). Without npm and without a cached copy
/// the documents are still written, showing the diagram's source.
/// </summary>
public static class MermaidScript
{
    public const string Package = "mermaid";
    public const string Version = "12.3.0";
    public const string FileName = "mermaid.min.js";

    /// <summary>SHA-256 of package/dist/mermaid.min.js in mermaid@12.3.0 (measured once; a different file is refused).</summary>
    public const string Sha256 = "336df803d87a38b70a01e736e666c8f7601d2ce42f5e47c8fafe5d721074b9a3";

    private const string EntryInTarball = "package/dist/mermaid.min.js";

    /// <summary>True when the verified script is in <paramref name="cacheDirectory"/> (no npm needed).</summary>
    public static bool IsCached(string cacheDirectory)
    {
        var cached = Path.Combine(cacheDirectory, $"{Package}-{Version}", FileName);
        return File.Exists(cached) && GeneratedFiles.Sha256OfFile(cached) == Sha256;
    }

    /// <summary>
    /// Returns the path of the verified script in <paramref name="cacheDirectory"/>, fetching it with npm when absent; or
    /// null and the one line saying why it is unavailable (no npm, or npm could not fetch it). A file that does not
    /// match the pinned hash is an error, never a fallback.
    /// </summary>
    public static string? TryEnsure(string cacheDirectory, out string unavailable, string? npm = null)
    {
        unavailable = "";
        var cached = Path.Combine(cacheDirectory, $"{Package}-{Version}", FileName);
        if (IsCached(cacheDirectory))
        {
            return cached;
        }

        var download = Path.Combine(cacheDirectory, $"{Package}-{Version}", "npm");
        var tarball = Path.Combine(download, $"{Package}-{Version}.tgz");
        if (!File.Exists(tarball))
        {
            npm ??= ToolPath.Find("npm");
            if (npm is null)
            {
                unavailable = Prerequisites.Npm.MissingLine;
                return null;
            }

            Directory.CreateDirectory(download);
            var failure = RunNpmPack(npm, download);
            if (failure is not null || !File.Exists(tarball))
            {
                unavailable = $"{failure ?? $"npm pack left no {Path.GetFileName(tarball)}"}: the HTML documents show the diagram's Mermaid source instead of the drawing.";
                return null;
            }
        }

        var script = ExtractEntry(tarball, EntryInTarball)
            ?? throw new ToolkitException($"{tarball} has no {EntryInTarball}: not the mermaid package. Delete it and rerun.");
        var actual = GeneratedFiles.Sha256(script);
        if (actual != Sha256)
        {
            File.Delete(tarball);
            throw new ToolkitException($"{Package}@{Version} {EntryInTarball} has SHA-256 {actual}, expected {Sha256}: refusing to ship it (the cached tarball was deleted).");
        }

        GeneratedFiles.Write(cached, script);
        return cached;
    }

    /// <summary>Reads one file out of a .tgz; null when the archive does not contain it.</summary>
    public static byte[]? ExtractEntry(string tarball, string entryName)
    {
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == entryName && entry.DataStream is not null)
            {
                using var copy = new MemoryStream();
                entry.DataStream.CopyTo(copy);
                return copy.ToArray();
            }
        }

        return null;
    }

    /// <summary>Runs <c>npm pack</c> into <paramref name="destination"/>; null on success, else why it failed, in one line.</summary>
    private static string? RunNpmPack(string npm, string destination)
    {
        var start = new ProcessStartInfo(npm, $"pack {Package}@{Version} --silent --pack-destination \"{destination}\"")
        {
            WorkingDirectory = destination,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return $"npm pack {Package}@{Version} did not finish in 5 minutes (is the npm registry reachable?)";
        }

        _ = stdout.Result;
        var reason = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
        return process.ExitCode == 0 ? null : $"npm pack {Package}@{Version} failed ({reason})";
    }
}
