using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Bicep;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>Which Bicep CLI a platform gets: NuGet on linux-x64, else the cached release asset, a pinned bicep on PATH, or a download.</summary>
public sealed class BicepLocatorTests
{
    private const string Pinned = "0.49.2";
    private const string Cache = "/home/u/.cache/projectscout";
    private const string NuGet = "/nuget/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep";

    private static BicepChoice Resolve(BicepPlatform platform, string? onPath = null, string? version = null, params string[] files) =>
        BicepLocator.Resolve(platform, Pinned, NuGet, Cache, tool => onPath is not null && Path.GetFileName(onPath) == tool ? onPath : null, _ => version, files.Contains);

    [Test]
    public void Linux_x64_uses_the_pinned_NuGet_binary_even_with_another_bicep_on_PATH() =>
        Assert.That(Resolve(new("linux", "x64"), "/usr/bin/bicep", "0.30.0", NuGet), Is.EqualTo(new BicepChoice(BicepSource.NuGet, NuGet)));

    [TestCase("osx", "arm64", "bicep-osx-arm64")]
    [TestCase("osx", "x64", "bicep-osx-x64")]
    [TestCase("linux", "arm64", "bicep-linux-arm64")]
    [TestCase("win", "x64", "bicep-win-x64.exe")]
    public void Elsewhere_with_nothing_installed_the_pinned_release_asset_is_to_be_downloaded_into_the_user_cache(string os, string arch, string asset)
    {
        var choice = Resolve(new(os, arch), files: NuGet);

        Assert.That(choice.Source, Is.EqualTo(BicepSource.Download));
        Assert.That(choice.Url, Is.EqualTo($"https://github.com/Azure/bicep/releases/download/v{Pinned}/{asset}"));
        Assert.That(choice.Binary, Is.EqualTo(Path.Combine(Cache, "bicep", Pinned, asset)));
    }

    [Test]
    public void A_cached_download_is_used_before_PATH()
    {
        var cached = BicepLocator.CachedBinary(Cache, Pinned, new("osx", "arm64"));

        Assert.That(Resolve(new("osx", "arm64"), "/opt/homebrew/bin/bicep", "0.30.0", cached), Is.EqualTo(new BicepChoice(BicepSource.Cache, cached)));
    }

    [Test]
    public void A_bicep_of_the_pinned_version_on_PATH_is_used() =>
        Assert.That(Resolve(new("win", "x64"), "/c/tools/bicep.exe", Pinned), Is.EqualTo(new BicepChoice(BicepSource.Path, "/c/tools/bicep.exe")));

    [Test]
    public void A_bicep_of_another_version_on_PATH_is_refused_in_one_line_saying_what_to_do()
    {
        var error = Assert.Throws<ToolkitException>(() => Resolve(new("osx", "arm64"), "/opt/homebrew/bin/bicep", "0.30.0"))!;

        Assert.That(error.Message, Is.EqualTo($"/opt/homebrew/bin/bicep is Bicep 0.30.0, but the toolkit pins {Pinned} (Directory.Build.props BicepVersion): " +
                                              $"install Bicep {Pinned} on PATH, or put https://github.com/Azure/bicep/releases/download/v{Pinned}/bicep-osx-arm64 at {Path.Combine(Cache, "bicep", Pinned, "bicep-osx-arm64")}."));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_version_is_read_from_the_binary_itself()
    {
        var directory = Repository.NewScratchDirectory("fake-bicep");
        try
        {
            var fake = Path.Combine(directory, "bicep");
            File.WriteAllText(fake, "#!/bin/sh\necho 'Bicep CLI version 0.30.0 (abcdef1234)'\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);

            Assert.That(BicepLocator.RunVersion(fake), Is.EqualTo("0.30.0"));
            Assert.That(BicepLocator.RunVersion(BicepCli.Path), Is.EqualTo(BicepCli.PinnedVersion), "the real pinned binary says its version");
            Assert.That(BicepLocator.RunVersion(Path.Combine(directory, "missing")), Is.Null);
            var error = Assert.Throws<ToolkitException>(() => BicepLocator.Resolve(new("osx", "arm64"), Pinned, null, directory,
                tool => Toolkit.IO.ToolPath.Find(tool, directory), BicepLocator.RunVersion, File.Exists))!;
            Assert.That(error.Message, Does.StartWith($"{fake} is Bicep 0.30.0, but the toolkit pins {Pinned}"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
