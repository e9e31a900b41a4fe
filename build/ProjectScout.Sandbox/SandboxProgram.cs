using System.Globalization;
using ProjectScout.Sandbox.Faults;

namespace ProjectScout.Sandbox;

/// <summary>Runs the sandbox standalone until Ctrl+C: prints the endpoints and writes the connection file (certificate included).</summary>
public static class SandboxProgram
{
    /// <summary>The file beside the state directory that tells other processes where the running sandbox listens and which certificate to pin.</summary>
    public const string ConnectionFileName = "connection.json";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        SandboxOptions options;
        try
        {
            options = ParseArguments(args);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        SandboxServer server;
        try
        {
            server = await SandboxServer.StartAsync(options);
        }
        catch (IOException ex)
        {
            // Typically a fixed port that is already taken: one line, no stack trace.
            await Console.Error.WriteLineAsync($"The sandbox could not start: {ex.Message}");
            return 1;
        }

        await using var running = server;
        var connectionFile = WriteConnectionFile(server);
        await PrintAsync(server, connectionFile, output);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        File.Delete(connectionFile);
        await output.WriteLineAsync($"Sandbox stopped; {server.Requests.Count()} requests served.");
        return 0;
    }

    public static string WriteConnectionFile(SandboxServer server)
    {
        var path = Path.Combine(Path.GetDirectoryName(server.StateDirectory.TrimEnd(Path.DirectorySeparatorChar))!, ConnectionFileName);
        File.WriteAllText(path, server.DescribeConnection().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    public static async Task PrintAsync(SandboxServer server, string connectionFile, TextWriter output)
    {
        foreach (var line in Describe(server, connectionFile))
        {
            await output.WriteLineAsync(line);
        }

        await output.WriteLineAsync("Press Ctrl+C to stop.");
    }

    /// <summary>What a person needs to point a client at the running sandbox.</summary>
    public static IReadOnlyList<string> Describe(SandboxServer server, string connectionFile) =>
    [
        $"ARM endpoint:        {server.ArmEndpoint}",
        $"Databricks endpoint: {server.DatabricksEndpoint}",
        $"Certificate SHA-256: {server.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)} (clients pin it; see docs/sandbox.md)",
        $"Connection file:     {connectionFile}",
        $"State directory:     {server.StateDirectory}",
        $"Request log:         {server.Requests.FilePath} (and GET {server.ArmEndpoint}_sandbox/requests)",
    ];

    /// <summary>
    /// The process id recorded in the connection file when that process is still running (a standalone sandbox is
    /// up and holds the state in memory), else null.
    /// </summary>
    public static int? RunningSandboxProcess(string stateDirectory)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(stateDirectory).TrimEnd(Path.DirectorySeparatorChar))!, ConnectionFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var id = (int?)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?["processId"];
            if (id is null || id == Environment.ProcessId)
            {
                return null;
            }

            using var process = System.Diagnostics.Process.GetProcessById(id.Value);
            return process.HasExited ? null : id;
        }
        catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static SandboxOptions ParseArguments(string[] args)
    {
        var options = new SandboxOptions { Faults = FaultSettings.FromEnvironment() };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Port(string name)
            {
                var text = Value();
                return int.TryParse(text, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
                    ? port
                    : throw new ArgumentException($"{name} '{text}' is not a port number (0-65535).");
            }

            options = args[i] switch
            {
                "--state-dir" => options with { StateDirectory = Value() },
                "--arm-port" => options with { ArmPort = Port("--arm-port") },
                "--databricks-port" => options with { DatabricksPort = Port("--databricks-port") },
                "--faults" => options with { Faults = FaultSettings.Load(Value()) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Use --state-dir DIR, --arm-port N, --databricks-port N, --faults FILE."),
            };
        }

        return options;
    }
}
