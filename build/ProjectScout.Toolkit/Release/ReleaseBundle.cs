using System.IO.Compression;
using System.Security.Cryptography;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Release;

/// <summary>A release that passed verification and was extracted: its manifest and the artifact root it was extracted to.</summary>
public sealed record VerifiedRelease(ReleaseManifest Manifest, string ArtifactsRoot)
{
    /// <summary>The environment's artifact tree inside the extracted release (same shape as artifacts/&lt;env&gt;).</summary>
    public EnvironmentArtifacts For(string environment) => new(Path.Combine(ArtifactsRoot, environment));
}

/// <summary>
/// Builds and verifies release zips. The zip mirrors the artifact tree (<c>&lt;env&gt;/infra/phase1.json</c>, ...), so an
/// extracted release is an artifact root the deploy tasks read exactly as they read artifacts/.
/// </summary>
public static class ReleaseBundle
{
    /// <summary>The per-environment folders a release carries. Plans and sandbox state are run-specific and stay out.</summary>
    public static readonly IReadOnlyList<string> ReleasedFolders = ["infra", "snapshots", "notebooks", "jobs", "policies", "docs"];

    /// <summary>The folder at the artifact (and release) root for files every environment's documents share: one copy each.</summary>
    public const string AssetsFolder = "assets";

    // Zip stores local DOS time; a fixed value (the format's epoch is 1980) makes the bytes independent of when and where we build.
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int RegularFileMode = 0b110_100_100; // 0644: readable release contents, no execute bits

    public static string FileName(string version) => $"projectscout-{version}.zip";

    /// <summary>Every file a release of <paramref name="environments"/> holds, keyed by its zip path, in ordinal order.</summary>
    public static SortedDictionary<string, string> CollectFiles(string artifactsRoot, IEnumerable<string> environments)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var assets = Path.Combine(artifactsRoot, AssetsFolder);
        if (Directory.Exists(assets))
        {
            foreach (var file in Directory.EnumerateFiles(assets, "*", SearchOption.TopDirectoryOnly))
            {
                files[$"{AssetsFolder}/{Path.GetFileName(file)}"] = file;
            }
        }

        foreach (var environment in environments)
        {
            foreach (var folder in ReleasedFolders)
            {
                var directory = Path.Combine(artifactsRoot, environment, folder);
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(artifactsRoot, file).Replace('\\', '/');
                    // Dot-files are stamps and temporaries of incremental builds, not deliverables.
                    if (relative.Split('/').Any(segment => segment.StartsWith('.')) || relative.Contains(".tmp-", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    files[relative] = file;
                }
            }
        }

        return files;
    }

    /// <summary>Writes the release zip (deterministic: sorted entries, fixed timestamps and modes) and returns its manifest.</summary>
    public static ReleaseManifest Create(string artifactsRoot, IReadOnlyList<string> environments, ReleaseIdentity identity, string zipPath)
    {
        var files = CollectFiles(artifactsRoot, environments);
        if (files.Count == 0)
        {
            throw new ToolkitException($"Nothing to release: no artifacts under {artifactsRoot} for {string.Join(", ", environments)}. Run the default target.");
        }

        var contents = files.ToDictionary(f => f.Key, f => File.ReadAllBytes(f.Value), StringComparer.Ordinal);
        var manifest = new ReleaseManifest(identity, environments, contents.ToDictionary(c => c.Key, c => GeneratedFiles.Sha256(c.Value), StringComparer.Ordinal));
        var entries = contents.Append(new(ReleaseManifest.FileName, System.Text.Encoding.UTF8.GetBytes(manifest.ToJson())))
            .OrderBy(e => e.Key, StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in entries)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTimestamp;
                entry.ExternalAttributes = RegularFileMode << 16;
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        GeneratedFiles.Write(zipPath, buffer.ToArray());
        return manifest;
    }

    /// <summary>
    /// Refuses a zip that is not byte for byte the one Package built: its SHA-256 must be <paramref name="expectedSha256"/>
    /// (what Package printed and the pipeline passes on). The manifest only proves the zip agrees with itself; this ties it
    /// to the release that was reviewed. Reads only: nothing is written before the zip is known.
    /// </summary>
    public static string RequireSha256(string zipPath, string expectedSha256)
    {
        if (!File.Exists(zipPath))
        {
            throw new ToolkitException($"Release '{zipPath}' does not exist (argument --from-release).");
        }

        var actual = GeneratedFiles.Sha256OfFile(zipPath);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ToolkitException($"{Path.GetFileName(zipPath)}: SHA-256 is {actual}, --release-sha256 expects {expectedSha256}: this is not the release Package built; deploy the reviewed zip with the hash Package printed.");
        }

        return actual;
    }

    /// <summary>
    /// Checks a release zip: manifest present and readable, every file's SHA-256 as listed, no file missing, no file extra,
    /// no path escaping the release. Every problem names the zip entry; all are reported at once.
    /// </summary>
    public static ReleaseManifest Verify(string zipPath)
    {
        var (manifest, _) = Read(zipPath);
        return manifest;
    }

    /// <summary>Verifies, then extracts into <paramref name="destination"/> (replacing what was there). Nothing is extracted from a bad release.</summary>
    public static VerifiedRelease VerifyAndExtract(string zipPath, string destination)
    {
        var (manifest, contents) = Read(zipPath);
        var staging = destination.TrimEnd('/', '\\') + ".extracting";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        foreach (var (path, bytes) in contents)
        {
            var target = Path.Combine(staging, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }

        File.WriteAllText(Path.Combine(staging, ReleaseManifest.FileName), manifest.ToJson());
        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        Directory.Move(staging, destination);
        return new VerifiedRelease(manifest, Path.GetFullPath(destination));
    }

    /// <summary>
    /// Replaces the released folders of <paramref name="target"/> (infra, snapshots, notebooks, jobs, policies, docs) with
    /// the verified release's copy of <paramref name="environment"/>, so tasks that read artifacts/&lt;env&gt; deploy exactly
    /// the release's bytes: nothing left over from a local build, nothing missing. Returns the number of files installed.
    /// </summary>
    public static int InstallInto(VerifiedRelease release, string environment, EnvironmentArtifacts target)
    {
        var source = release.For(environment);
        var installed = 0;
        foreach (var folder in ReleasedFolders)
        {
            var to = Path.Combine(target.Root, folder);
            if (Directory.Exists(to))
            {
                Directory.Delete(to, recursive: true);
            }

            var from = Path.Combine(source.Root, folder);
            if (!Directory.Exists(from))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
                installed++;
            }
        }

        var expected = release.Manifest.Files.Keys.Count(k => k.StartsWith(environment + "/", StringComparison.Ordinal));
        if (installed != expected)
        {
            throw new ToolkitException($"Installed {installed} files of '{environment}' but the release lists {expected}; the extracted release at {source.Root} was modified.");
        }

        return installed;
    }

    private static (ReleaseManifest Manifest, Dictionary<string, byte[]> Contents) Read(string zipPath)
    {
        if (!File.Exists(zipPath))
        {
            throw new ToolkitException($"Release '{zipPath}' does not exist (argument --from-release).");
        }

        var label = Path.GetFileName(zipPath);
        var problems = new List<Problem>();
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[]? manifestBytes = null;
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith('/'))
                {
                    continue;
                }

                if (!IsSafeEntryName(name))
                {
                    problems.Add(Problem(label, name, "release.unsafe-path", "entry path is absolute or leaves the release folder; refusing the release"));
                    continue;
                }

                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                if (name == ReleaseManifest.FileName)
                {
                    manifestBytes = copy.ToArray();
                }
                else if (!contents.TryAdd(name, copy.ToArray()))
                {
                    problems.Add(Problem(label, name, "release.duplicate", "entry appears more than once"));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ToolkitException($"{label}: not a readable zip ({ex.Message}).", ex);
        }

        if (manifestBytes is null)
        {
            throw new ProblemsException([Problem(label, ReleaseManifest.FileName, "release.no-manifest", "the release has no manifest.json; it was not built by Package")]);
        }

        var (manifest, error) = ReleaseManifest.TryParse(manifestBytes);
        if (manifest is null)
        {
            throw new ProblemsException([Problem(label, ReleaseManifest.FileName, "release.bad-manifest", error!)]);
        }

        foreach (var (path, bytes) in contents.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!manifest.Files.TryGetValue(path, out var expected))
            {
                problems.Add(Problem(label, path, "release.extra-file", "file is not listed in manifest.json"));
                continue;
            }

            var actual = GeneratedFiles.Sha256(bytes);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Problem(label, path, "release.hash-mismatch", $"SHA-256 is {actual}, manifest.json says {expected}: the file changed after the release was built"));
            }
        }

        foreach (var path in manifest.Files.Keys.Where(p => !contents.ContainsKey(p)).Order(StringComparer.Ordinal))
        {
            problems.Add(Problem(label, path, "release.missing-file", "listed in manifest.json but not in the release"));
        }

        ProblemsException.ThrowIfAny(problems);
        return (manifest, contents);
    }

    private static bool IsSafeEntryName(string name) =>
        name.Length > 0 && !name.StartsWith('/') && !name.Contains('\\') && !name.Contains(':')
        && name.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");

    private static Problem Problem(string zip, string entry, string code, string message) => new($"{zip}!{entry}", 0, 0, code, message);
}
