using System.IO.Compression;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build.Tests.Release;

/// <summary>
/// A release you can prove, as a user (or the pipeline) runs it: real Bicep output of two copies of the repository, a
/// real zip, the real host. The zip is tied to its SHA-256, its contents are policy-checked again, and a refused
/// release writes nothing a deploy could read.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class VerifyReleaseEndToEndTests
{
    private static readonly ReleaseIdentity Identity = new("9.9.9", new string('a', 40), "1.0.0", "0.49.2");
    private string _copyA = "";
    private string _copyB = "";
    private string _root = "";
    private string _zip = "";

    /// <summary>Two copies of the repository, at paths of different lengths, each with the sandbox templates built by Bicep.</summary>
    [OneTimeSetUp]
    public async Task BuildTwoCopies()
    {
        _copyA = Repository.CopyInputs("release-a");
        _copyB = Repository.CopyInputs("release-copy-b-longer-path");
        var bicep = SharedRunResources.BicepClient;
        foreach (var copy in new[] { _copyA, _copyB })
        {
            var layout = Repository.Layout with { Root = copy };
            var env = new EnvironmentCatalog(layout.Environments, layout.Display).Load("sandbox");
            var result = await new InfraBuildService(layout, _ => null).BuildAsync(env, () => bicep);
            Assert.That(result.HasErrors, Is.False, string.Join("\n", result.Diagnostics));
        }
    }

    [OneTimeTearDown]
    public void DeleteCopies()
    {
        Directory.Delete(_copyA, recursive: true);
        Directory.Delete(_copyB, recursive: true);
    }

    [SetUp]
    public void SetUp()
    {
        _root = Repository.CopyInputs("verify-release");
        _zip = Path.Combine(_root, "projectscout-9.9.9.zip");
        ReleaseBundle.Create(Path.Combine(_copyA, "artifacts"), ["sandbox"], Identity, _zip);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Two_copies_of_the_repository_build_byte_identical_releases()
    {
        var zipA = Path.Combine(_copyA, "a.zip");
        var zipB = Path.Combine(_copyB, "b.zip");
        ReleaseBundle.Create(Path.Combine(_copyA, "artifacts"), ["sandbox"], Identity, zipA);
        ReleaseBundle.Create(Path.Combine(_copyB, "artifacts"), ["sandbox"], Identity, zipB);

        var differing = ReleaseBundle.Verify(zipA).Files.Where(f => ReleaseBundle.Verify(zipB).Files.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key);
        Assert.That(differing, Is.Empty, "files whose bytes depend on the clone or the run");
        Assert.That(GeneratedFiles.Sha256OfFile(zipB), Is.EqualTo(GeneratedFiles.Sha256OfFile(zipA)));
    }

    [Test]
    public async Task A_verified_release_replaces_the_environments_artifacts_with_exactly_its_files()
    {
        // Left over from a local build: must not survive into a deploy from the release.
        var stale = Path.Combine(_root, "artifacts", "sandbox", "jobs", "stale_job.json");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "{}");

        var result = await VerifyAsync(GeneratedFiles.Sha256OfFile(_zip));

        Assert.That(result.ExitCode, Is.Zero, result.All);
        Assert.That(result.Out, Does.Contain("Release 9.9.9 (commit aaaaaaaa").And.Contain("files match manifest.json").And.Contain("policies pass"));
        var installed = Path.Combine(_root, "artifacts", "sandbox", "snapshots", "phase1.json");
        Assert.That(File.ReadAllBytes(installed), Is.EqualTo(File.ReadAllBytes(Path.Combine(_copyA, "artifacts", "sandbox", "snapshots", "phase1.json"))));
        Assert.That(File.Exists(stale), Is.False);
    }

    [Test]
    public async Task A_zip_other_than_the_one_built_is_refused_in_one_line_before_any_write()
    {
        var result = await VerifyAsync(new string('0', 64));

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(ErrorLines(result), Has.Exactly(1).Contains("projectscout-9.9.9.zip: SHA-256 is ").And.Contains("--release-sha256 expects 0000"));
        AssertNothingInstalledOrExtracted("nothing is written for a zip that is not the release");
    }

    [Test]
    public async Task A_release_without_its_expected_hash_is_refused_in_one_line()
    {
        var result = await HostProcess.RunAsync(_root, "--target=VerifyRelease", "--exclusive", "--environment=sandbox", $"--from-release={_zip}");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(ErrorLines(result), Has.Exactly(1).Contains("--from-release needs --release-sha256="));
        AssertNothingInstalledOrExtracted("refused before anything runs");
    }

    [Test]
    public async Task One_changed_byte_makes_the_run_refuse_naming_the_file()
    {
        using (var zip = ZipFile.Open(_zip, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("sandbox/infra/phase1.parameters.json")!;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("sandbox/infra/phase1.parameters.json").Open());
            writer.Write("{}\n");
        }

        // Even with the tampered zip's own hash, the manifest no longer agrees with the file.
        var result = await VerifyAsync(GeneratedFiles.Sha256OfFile(_zip));

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.All, Does.Contain("projectscout-9.9.9.zip!sandbox/infra/phase1.parameters.json").And.Contain("release.hash-mismatch"));
        Assert.That(Directory.Exists(Path.Combine(_root, "artifacts", "from-release", "projectscout-9.9.9")), Is.False, "nothing is extracted from a bad release");
    }

    [Test]
    public async Task A_consistent_release_with_TLS1_0_inside_is_refused_by_the_policies_before_anything_is_installed()
    {
        // The attack of issue 16: TLS1_0 set in the template and its snapshot, manifest.json regenerated, and the
        // tampered zip's own hash handed over. Every hash agrees; the policy rules Validate runs do not.
        var tampered = Repository.NewScratchDirectory("tampered-release");
        try
        {
            Repository.CopyDirectory(Path.Combine(_copyA, "artifacts", "sandbox"), Path.Combine(tampered, "sandbox"));
            foreach (var file in new[] { "sandbox/infra/phase1.json", "sandbox/snapshots/phase1.json" })
            {
                var path = Path.Combine(tampered, file);
                var text = File.ReadAllText(path);
                Assert.That(text, Does.Contain("\"TLS1_2\""), file);
                File.WriteAllText(path, text.Replace("\"TLS1_2\"", "\"TLS1_0\""));
            }

            ReleaseBundle.Create(tampered, ["sandbox"], Identity, _zip);
        }
        finally
        {
            Directory.Delete(tampered, recursive: true);
        }

        var result = await VerifyAsync(GeneratedFiles.Sha256OfFile(_zip));

        Assert.That(result.ExitCode, Is.Not.Zero, result.All);
        Assert.That(result.All, Does.Contain("storage.min-tls").And.Contain("from-release/projectscout-9.9.9/sandbox/snapshots/phase1.json"));
        Assert.That(Directory.Exists(Path.Combine(_root, "artifacts", "sandbox")), Is.False, "nothing of a refused release reaches artifacts/<env>");
        Assert.That(Directory.Exists(Path.Combine(_root, "artifacts", "from-release", "projectscout-9.9.9")), Is.False, "nothing of it is left behind");
    }

    private void AssertNothingInstalledOrExtracted(string because)
    {
        Assert.That(Directory.Exists(Path.Combine(_root, "artifacts", "sandbox")), Is.False, because);
        Assert.That(Directory.Exists(Path.Combine(_root, "artifacts", "from-release")), Is.False, because);
    }

    private Task<HostProcess.Result> VerifyAsync(string sha256) =>
        HostProcess.RunAsync(_root, "--target=VerifyRelease", "--exclusive", "--environment=sandbox", $"--from-release={_zip}", $"--release-sha256={sha256}");

    /// <summary>The lines that report the failure (the summary table and blank lines aside).</summary>
    private static List<string> ErrorLines(HostProcess.Result result) =>
        result.All.Split('\n').Where(l => l.Contains("SHA-256", StringComparison.Ordinal) || l.Contains("--release-sha256", StringComparison.Ordinal)).ToList();
}
