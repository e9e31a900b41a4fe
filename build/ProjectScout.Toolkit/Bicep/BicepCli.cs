using System.Reflection;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Bicep;

/// <summary>Where the pinned Bicep CLI lives: restored from NuGet, recorded on the Toolkit assembly at build time.</summary>
public static class BicepCli
{
    /// <summary>The pinned version (Directory.Build.props BicepVersion), e.g. <c>0.49.2</c>.</summary>
    public static string PinnedVersion => Metadata("BicepVersion") ?? "unknown";

    /// <summary>
    /// Absolute path of the <c>bicep</c> binary, chosen by <see cref="BicepLocator"/>: the pinned NuGet binary on
    /// linux-x64; elsewhere the pinned release asset (downloaded once into the user cache) or a bicep of the pinned
    /// version on PATH. NuGet restores its binary as <c>rwxr--r--</c>, so it is made executable when that bit is missing.
    /// </summary>
    public static string Path
    {
        get
        {
            var nuget = Metadata("BicepPath");
            var choice = BicepLocator.Resolve(BicepPlatform.Current, PinnedVersion, nuget, new Layout.ToolkitLayout { Root = "." }.UserCache,
                tool => IO.ToolPath.Find(tool), BicepLocator.RunVersion, File.Exists);
            if (choice.Source == BicepSource.Download)
            {
                if (BicepPlatform.Current == new BicepPlatform("linux", "x64"))
                {
                    throw new ToolkitException($"Bicep CLI not found at '{nuget}'. Run 'dotnet restore' so Azure.Bicep.CommandLine.linux-x64 {PinnedVersion} is downloaded.");
                }

                Download(choice);
            }

            EnsureExecutable(choice.Binary);
            return choice.Binary;
        }
    }

    /// <summary>Fetches the pinned release asset into the user cache and checks it reports the pinned version.</summary>
    private static void Download(BicepChoice choice)
    {
        var partial = choice.Binary + ".download";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(choice.Binary)!);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            File.WriteAllBytes(partial, http.GetByteArrayAsync(choice.Url).GetAwaiter().GetResult());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new ToolkitException($"Could not download Bicep {PinnedVersion} from {choice.Url} ({ex.Message}): download it to {choice.Binary}, or install Bicep {PinnedVersion} on PATH.", ex);
        }

        EnsureExecutable(partial);
        var version = BicepLocator.RunVersion(partial);
        if (version != PinnedVersion)
        {
            File.Delete(partial);
            throw new ToolkitException($"{choice.Url} reports Bicep {version ?? "of an unknown version"}, not the pinned {PinnedVersion}: refusing it.");
        }

        File.Move(partial, choice.Binary, overwrite: true);
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & execute) != execute)
        {
            try
            {
                File.SetUnixFileMode(path, mode | execute);
            }
            catch (UnauthorizedAccessException) when ((mode & UnixFileMode.UserExecute) != 0)
            {
                // Not our file to change, but the owner can run it; good enough when we are the owner.
            }
        }
    }

    private static string? Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
