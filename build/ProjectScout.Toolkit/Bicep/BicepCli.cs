using System.Reflection;
using ProjectScout.Toolkit.Diagnostics;

namespace ProjectScout.Toolkit.Bicep;

/// <summary>Where the pinned Bicep CLI lives: restored from NuGet, recorded on the Toolkit assembly at build time.</summary>
public static class BicepCli
{
    /// <summary>The pinned version (Directory.Build.props BicepVersion), e.g. <c>0.49.2</c>.</summary>
    public static string PinnedVersion => Metadata("BicepVersion") ?? "unknown";

    /// <summary>
    /// Absolute path of the <c>bicep</c> binary. NuGet restores it as <c>rwxr--r--</c>, so it is made executable
    /// for the current user when that bit is missing.
    /// </summary>
    public static string Path
    {
        get
        {
            var path = Metadata("BicepPath")
                ?? throw new ToolkitException("The Toolkit assembly has no BicepPath metadata; rebuild ProjectScout.Toolkit so restore records the Bicep CLI path.");
            if (!File.Exists(path))
            {
                throw new ToolkitException($"Bicep CLI not found at '{path}'. Run 'dotnet restore' so Azure.Bicep.CommandLine.linux-x64 {PinnedVersion} is downloaded.");
            }

            EnsureExecutable(path);
            return path;
        }
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
