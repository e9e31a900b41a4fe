using System.IO.Compression;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Toolkit.Tests.Release;

[TestFixture]
public sealed class ReleaseBundleTests
{
    private static readonly ReleaseIdentity Identity = new("0.1.7", "0123456789abcdef0123456789abcdef01234567", "1.0.0", "0.49.2");
    private string _scratch = "";
    private string _artifacts = "";
    private string _zip = "";

    [SetUp]
    public void SetUp()
    {
        _scratch = Repository.NewScratchDirectory("release");
        _artifacts = Path.Combine(_scratch, "artifacts");
        foreach (var env in new[] { "dev", "prod" })
        {
            Write($"{env}/infra/phase1.json", $"{{\"$schema\": \"template\", \"env\": \"{env}\"}}\n");
            Write($"{env}/infra/phase1.parameters.json", "{}\n");
            Write($"{env}/snapshots/phase1.json", "{\"predictedResources\": []}\n");
            Write($"{env}/notebooks/bronze/ingest.py", "# Databricks notebook source\nprint(1)\n");
            Write($"{env}/jobs/daily_medallion.json", "{}\n");
            Write($"{env}/policies/bronze.json", "{}\n");
            Write($"{env}/docs/WAF_ALIGNMENT.md", "# WAF\n");
            Write($"{env}/plan/phase1.json", "{\"summary\": {}}\n"); // run-specific: never released
            Write($"{env}/notebooks/.stamp", "inputs-hash\n"); // incremental-build stamp: never released
        }

        _zip = Path.Combine(_scratch, "release", ReleaseBundle.FileName(Identity.Version));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void Release_round_trips_and_holds_exactly_the_deliverables()
    {
        var manifest = ReleaseBundle.Create(_artifacts, ["dev", "prod"], Identity, _zip);
        var extracted = ReleaseBundle.VerifyAndExtract(_zip, Path.Combine(_scratch, "extracted"));

        Assert.That(manifest.Files.Keys, Has.Count.EqualTo(14));
        Assert.That(manifest.Files.Keys, Has.None.Contains("/plan/").And.None.Contains(".stamp"));
        Assert.That(extracted.Manifest.Identity, Is.EqualTo(Identity));
        foreach (var path in manifest.Files.Keys)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(extracted.ArtifactsRoot, path)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_artifacts, path))), path);
        }

        Assert.That(File.ReadAllText(Path.Combine(extracted.For("prod").Infra, "phase1.json")), Does.Contain("\"prod\""));
    }

    [Test]
    public void Release_zip_is_byte_for_byte_reproducible_with_sorted_entries()
    {
        ReleaseBundle.Create(_artifacts, ["prod", "dev"], Identity, _zip);
        var first = File.ReadAllBytes(_zip);
        File.Delete(_zip);
        File.SetLastWriteTimeUtc(Path.Combine(_artifacts, "dev/jobs/daily_medallion.json"), DateTime.UtcNow.AddDays(-3));
        ReleaseBundle.Create(_artifacts, ["dev", "prod"], Identity, _zip);

        Assert.That(File.ReadAllBytes(_zip), Is.EqualTo(first));
        using var zip = ZipFile.OpenRead(_zip);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(names, Is.EqualTo(names.Order(StringComparer.Ordinal).ToList()));
        Assert.That(zip.Entries.Select(e => e.LastWriteTime.Year).Distinct(), Is.EqualTo(new[] { 1980 }));
    }

    [Test]
    public void Changing_one_byte_of_one_file_is_refused_naming_the_file_and_nothing_is_extracted()
    {
        ReleaseBundle.Create(_artifacts, ["dev", "prod"], Identity, _zip);
        Rewrite("prod/jobs/daily_medallion.json", bytes => bytes[0] ^= 0x01);
        var destination = Path.Combine(_scratch, "extracted");

        var error = Assert.Throws<ProblemsException>(() => ReleaseBundle.VerifyAndExtract(_zip, destination))!;

        Assert.That(error.Problems, Has.Count.EqualTo(1));
        Assert.That(error.Problems[0].File, Is.EqualTo("projectscout-0.1.7.zip!prod/jobs/daily_medallion.json"));
        Assert.That(error.Problems[0].Code, Is.EqualTo("release.hash-mismatch"));
        Assert.That(Directory.Exists(destination), Is.False);
    }

    [Test]
    public void Extra_and_missing_files_are_refused()
    {
        ReleaseBundle.Create(_artifacts, ["dev", "prod"], Identity, _zip);
        using (var zip = ZipFile.Open(_zip, ZipArchiveMode.Update))
        {
            zip.GetEntry("dev/policies/bronze.json")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("dev/jobs/injected.json").Open());
            writer.Write("{}");
        }

        var error = Assert.Throws<ProblemsException>(() => ReleaseBundle.Verify(_zip))!;

        Assert.That(error.Problems.Select(p => (p.Code, p.File)), Is.EquivalentTo(new[]
        {
            ("release.extra-file", "projectscout-0.1.7.zip!dev/jobs/injected.json"),
            ("release.missing-file", "projectscout-0.1.7.zip!dev/policies/bronze.json"),
        }));
    }

    [Test]
    public void Version_comes_from_the_committed_major_minor_and_the_commit_height()
    {
        var identity = ReleaseIdentity.FromGit(Repository.Root);

        Assert.That(identity.Version, Does.Match(@"^\d+\.\d+\.\d+(-dirty)?$"));
        Assert.That(identity.Version, Does.StartWith(File.ReadAllText(Path.Combine(Repository.Root, ReleaseIdentity.VersionFile)).Trim() + "."));
        Assert.That(identity.Commit, Does.Match("^[0-9a-f]{40}$"));
        // The version pinned in Directory.Build.props is the one the manifest records.
        var pinned = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(Repository.Root, "Directory.Build.props")), "<BicepVersion>([^<]+)</BicepVersion>").Groups[1].Value;
        Assert.That(identity.BicepVersion, Is.EqualTo(pinned).And.Not.Empty);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_artifacts, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private void Rewrite(string entryName, Action<byte[]> change)
    {
        using var zip = ZipFile.Open(_zip, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName)!;
        byte[] bytes;
        using (var stream = entry.Open())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }

        change(bytes);
        entry.Delete();
        using var replaced = zip.CreateEntry(entryName).Open();
        replaced.Write(bytes);
    }
}
