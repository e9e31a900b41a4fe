using System.Formats.Tar;
using System.IO.Compression;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Docs;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Toolkit.Tests.Docs;

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

        var error = Assert.Throws<ToolkitException>(() => MermaidScript.TryEnsure(_cache, out _))!;

        Assert.That(error.Message, Does.Contain($"expected {MermaidScript.Sha256}").And.Contain("refusing to ship it"));
        Assert.That(File.Exists(tarball), Is.False);
        Assert.That(File.Exists(Path.Combine(_cache, $"mermaid-{MermaidScript.Version}", MermaidScript.FileName)), Is.False);
    }

    [Test]
    public void Without_npm_and_without_a_cached_copy_the_script_is_unavailable_with_one_line_saying_what_to_install()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _cache); // a folder with no npm in it
        try
        {
            var script = MermaidScript.TryEnsure(_cache, out var unavailable);

            Assert.That(script, Is.Null);
            Assert.That(unavailable, Does.StartWith("npm not found on PATH").And.Contain("Install Node.js").And.Contain("Mermaid source").And.Not.Contain("\n"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_failing_npm_is_a_warning_not_an_error()
    {
        var npm = Path.Combine(_cache, "npm");
        File.WriteAllText(npm, "#!/bin/sh\necho 'npm error code E404' >&2\nexit 1\n");
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var script = MermaidScript.TryEnsure(_cache, out var unavailable, npm);

        Assert.That(script, Is.Null);
        Assert.That(unavailable, Does.StartWith($"npm pack mermaid@{MermaidScript.Version} failed (npm error code E404)"));
    }

    [Test]
    public void The_cache_is_the_user_cache_directory_outside_the_artifacts()
    {
        var xdg = ToolkitLayout.UserCacheFrom(name => name switch { "XDG_CACHE_HOME" => "/xdg/cache", "HOME" => "/home/u", _ => null });
        var home = ToolkitLayout.UserCacheFrom(name => name switch { "HOME" => "/home/u", _ => null });
        var relative = ToolkitLayout.UserCacheFrom(name => name switch { "XDG_CACHE_HOME" => "relative", "HOME" => "/home/u", _ => null });

        Assert.That((xdg, home, relative), Is.EqualTo(("/xdg/cache/projectscout", "/home/u/.cache/projectscout", "/home/u/.cache/projectscout")),
            "XDG_CACHE_HOME when absolute (the XDG specification ignores a relative one), else ~/.cache");
        Assert.That(Repository.Layout.UserCache, Does.Not.StartWith(Repository.Layout.Artifacts));
    }

    [Test]
    public async Task A_cached_script_survives_Clean_and_is_shared_once_by_every_environments_documents()
    {
        var root = Repository.CopyInputs("mermaid-clean");
        try
        {
            // A stand-in tarball with the pinned hash cannot be made; the real script is used when this machine has it.
            var real = MermaidScript.TryEnsure(Repository.Layout.UserCache, out var unavailable);
            if (real is null)
            {
                Assert.Ignore($"no mermaid script on this machine: {unavailable}");
            }

            var layout = new ToolkitLayout { Root = root, UserCache = _cache };
            var cached = Path.Combine(_cache, $"mermaid-{MermaidScript.Version}", MermaidScript.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            File.Copy(real, cached);
            var log = new RunLogLines();
            var state = new BuildState(layout, new RunSettings { EnvironmentName = "sandbox" }, log, () => throw new AssertionException("no Bicep"));
            state.LoadEnvironments();
            Directory.CreateDirectory(layout.Artifacts);

            await BuildSteps.Clean.ApplyAsync(state);
            await BuildSteps.Docs.ApplyAsync(state);

            Assert.That(File.Exists(cached), Is.True, "Clean keeps the user cache");
            var shared = Path.Combine(layout.Assets, MermaidScript.FileName);
            Assert.That(File.ReadAllBytes(shared), Is.EqualTo(File.ReadAllBytes(cached)));
            Assert.That(Directory.EnumerateFiles(layout.Artifacts, MermaidScript.FileName, SearchOption.AllDirectories).ToList(), Is.EqualTo(new[] { shared }), "one copy for all environments");
            Assert.That(log.Lines, Has.None.Contains("npm"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
