using System.Diagnostics;
using System.IO.Compression;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Toolkit.Tests.Release;

/// <summary>One copy of the mermaid script per release; a dirty working tree is labelled as such.</summary>
public sealed class ReleaseDocsAndVersionTests
{
    [Test]
    public void A_release_carries_one_mermaid_script_that_every_environments_pages_load()
    {
        var scratch = Repository.NewScratchDirectory("release-assets");
        try
        {
            var artifacts = Path.Combine(scratch, "artifacts");
            var environments = new[] { "dev", "prod", "sandbox", "stage" };
            Write(artifacts, "assets/mermaid.min.js", "// the script");
            foreach (var env in environments)
            {
                Write(artifacts, $"{env}/docs/MEDALLION_ENHANCED_ARCHITECTURE.html", "<script src=\"../../assets/mermaid.min.js\"></script>");
            }

            var zip = Path.Combine(scratch, "release.zip");
            var manifest = ReleaseBundle.Create(artifacts, environments, new ReleaseIdentity("0.1.1", new string('a', 40), "1.0.0", "0.49.2"), zip);
            using (var archive = ZipFile.OpenRead(zip))
            {
                Assert.That(archive.Entries.Where(e => e.Name == "mermaid.min.js").Select(e => e.FullName), Is.EqualTo(new[] { "assets/mermaid.min.js" }));
            }

            Assert.That(manifest.Files.Keys, Does.Contain("assets/mermaid.min.js"));
            var extracted = ReleaseBundle.VerifyAndExtract(zip, Path.Combine(scratch, "extracted"));
            var page = extracted.For("prod").Docs;
            Assert.That(File.ReadAllText(Path.GetFullPath(Path.Combine(page, "../../assets/mermaid.min.js"))), Is.EqualTo("// the script"), "the pages' relative path resolves in the release");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Test]
    public void A_dirty_working_tree_gets_a_dirty_version_suffix()
    {
        var repo = Repository.NewScratchDirectory("dirty-version");
        try
        {
            Write(repo, ReleaseIdentity.VersionFile, "0.3\n");
            Git(repo, "init -q");
            Git(repo, "add -A");
            Git(repo, "-c user.name=t -c user.email=t@example.com commit -q -m version");
            var clean = ReleaseIdentity.FromGit(repo);

            Write(repo, "notes.txt", "uncommitted\n");
            var dirty = ReleaseIdentity.FromGit(repo);

            Assert.That((clean.Version, clean.IsDirty), Is.EqualTo(("0.3.1", false)));
            Assert.That((dirty.Version, dirty.IsDirty, dirty.Commit), Is.EqualTo(("0.3.1-dirty", true, clean.Commit)));
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void Git(string root, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), error);
    }
}
