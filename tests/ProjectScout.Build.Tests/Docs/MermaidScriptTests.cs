using System.Formats.Tar;
using System.IO.Compression;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Docs;

namespace ProjectScout.Build.Tests.Docs;

[TestFixture]
public sealed class MermaidScriptTests
{
    private string _cache = "";

    [SetUp]
    public void SetUp() => _cache = Repository.NewScratchDirectory("mermaid-cache");

    [TearDown]
    public void TearDown() => Directory.Delete(_cache, recursive: true);

    [Test]
    public void A_tarball_whose_script_does_not_match_the_pinned_hash_is_refused_and_deleted()
    {
        var tarball = Path.Combine(_cache, $"mermaid-{MermaidScript.Version}", "npm", $"mermaid-{MermaidScript.Version}.tgz");
        Directory.CreateDirectory(Path.GetDirectoryName(tarball)!);
        using (var file = File.Create(tarball))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/dist/mermaid.min.js") { DataStream = new MemoryStream("alert('not mermaid')"u8.ToArray()) };
            tar.WriteEntry(entry);
        }

        var error = Assert.Throws<ToolkitException>(() => MermaidScript.Ensure(_cache))!;

        Assert.That(error.Message, Does.Contain($"expected {MermaidScript.Sha256}").And.Contain("refusing to ship it"));
        Assert.That(File.Exists(tarball), Is.False);
        Assert.That(File.Exists(Path.Combine(_cache, $"mermaid-{MermaidScript.Version}", MermaidScript.FileName)), Is.False);
    }

    [Test]
    public void Without_npm_the_error_is_one_line_saying_what_to_install()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _cache); // a folder with no npm in it
        try
        {
            var error = Assert.Throws<ToolkitException>(() => MermaidScript.Ensure(_cache))!;

            Assert.That(error.Message, Does.StartWith("npm was not found on PATH").And.Contain("Install Node.js/npm").And.Not.Contain("\n"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}
