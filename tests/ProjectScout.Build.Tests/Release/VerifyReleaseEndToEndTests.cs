using System.IO.Compression;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build.Tests.Release;

/// <summary>The VerifyRelease task as a user (or the pipeline) runs it: the real host, a real zip, a scratch repository.</summary>
[TestFixture]
public sealed class VerifyReleaseEndToEndTests
{
    private string _root = "";
    private string _zip = "";

    [SetUp]
    public void SetUp()
    {
        _root = Repository.CopyInputs("verify-release");
        var source = Path.Combine(_root, "release-input");
        foreach (var env in new[] { "sandbox", "prod" })
        {
            Directory.CreateDirectory(Path.Combine(source, env, "jobs"));
            File.WriteAllText(Path.Combine(source, env, "jobs", "daily.json"), $"{{\"env\": \"{env}\"}}\n");
        }

        _zip = Path.Combine(_root, "projectscout-9.9.9.zip");
        ReleaseBundle.Create(source, ["prod", "sandbox"], new ReleaseIdentity("9.9.9", new string('a', 40), "1.0.0", "0.49.2"), _zip);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task A_verified_release_replaces_the_environments_artifacts_with_exactly_its_files()
    {
        // Left over from a local build: must not survive into a deploy from the release.
        var stale = Path.Combine(_root, "artifacts", "sandbox", "jobs", "stale_job.json");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "{}");

        var result = await HostProcess.RunAsync(_root, "--target=VerifyRelease", "--exclusive", "--environment=sandbox", $"--from-release={_zip}");

        Assert.That(result.ExitCode, Is.Zero, result.All);
        Assert.That(result.Out, Does.Contain("Release 9.9.9 (commit aaaaaaaa").And.Contain("2 files match manifest.json"));
        Assert.That(File.ReadAllText(Path.Combine(_root, "artifacts", "sandbox", "jobs", "daily.json")), Is.EqualTo("{\"env\": \"sandbox\"}\n"));
        Assert.That(File.Exists(stale), Is.False);
    }

    [Test]
    public async Task One_changed_byte_makes_the_run_refuse_naming_the_file()
    {
        using (var zip = ZipFile.Open(_zip, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("prod/jobs/daily.json")!;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("prod/jobs/daily.json").Open());
            writer.Write("{\"env\": \"prot\"}\n");
        }

        var result = await HostProcess.RunAsync(_root, "--target=VerifyRelease", "--exclusive", "--environment=sandbox", $"--from-release={_zip}");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.All, Does.Contain("projectscout-9.9.9.zip!prod/jobs/daily.json").And.Contain("release.hash-mismatch"));
        Assert.That(Directory.Exists(Path.Combine(_root, "artifacts", "from-release", "projectscout-9.9.9")), Is.False, "nothing is extracted from a bad release");
    }
}
