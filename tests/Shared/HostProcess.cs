using System.Diagnostics;

namespace ProjectScout.Tests;

/// <summary>Runs the real toolkit host (the built ProjectScout.Build.dll) as a user would, in a given repository root.</summary>
public static class HostProcess
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;
    }

    public static Task<Result> RunAsync(string root, params string[] args) =>
        RunAsync(root, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, args);

    /// <summary>Runs with <paramref name="environment"/> applied to the inherited variables (a null value removes one).</summary>
    public static async Task<Result> RunAsync(string root, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "ProjectScout.Build.dll");
        // The full path of dotnet, so a test may hand the host a PATH without it (or without python3).
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var start = new ProcessStartInfo(dotnet) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
