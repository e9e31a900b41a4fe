using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Bicep;

/// <summary>
/// One long-lived <c>bicep jsonrpc --stdio</c> process: LSP-style <c>Content-Length</c> framing, JSON-RPC 2.0.
/// Starting the CLI costs 1-2 s of .NET start-up; a call on a warm process costs ~25 ms, so a run starts one client
/// and shares it. Thread-safe: requests are written under a lock and answers are matched to callers by id, so
/// concurrent calls are fine. The process re-reads files on every call, so edits between calls are seen.
/// </summary>
public sealed partial class BicepClient : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly StringBuilder _stderrTail = new();
    private readonly Task _reader;
    private readonly Task _stderrReader;
    private long _nextId;
    private volatile Exception? _fault;
    private int _disposed;

    private BicepClient(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _reader = Task.Run(ReadLoopAsync);
        _stderrReader = Task.Run(ReadStderrAsync);
    }

    /// <summary>Path of the binary this client runs.</summary>
    public string BicepPath { get; private init; } = string.Empty;

    /// <summary>Starts <c>bicep jsonrpc --stdio</c> (the pinned CLI unless <paramref name="bicepPath"/> is given).</summary>
    public static BicepClient Start(string? bicepPath = null)
    {
        var path = bicepPath ?? BicepCli.Path;
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add("jsonrpc");
        start.ArgumentList.Add("--stdio");
        // No telemetry and no update checks: the build runs offline and must not wait on the network.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new ToolkitException($"Could not start '{path}'.");
        return new BicepClient(process) { BicepPath = path };
    }

    /// <summary><c>bicep/version</c>: the CLI version, e.g. <c>0.49.2</c>.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("bicep/version", new JsonObject(), cancellationToken);
        return (string?)result?["version"] ?? throw new BicepRpcException("bicep/version", "no version in the answer");
    }

    /// <summary><c>bicep/compile</c>: compiles a <c>.bicep</c> file (and its local modules) and lints it with the bicepconfig.json in scope.</summary>
    public async Task<BicepCompileResult> CompileAsync(string path, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("bicep/compile", new JsonObject { ["path"] = Path.GetFullPath(path) }, cancellationToken);
        return new BicepCompileResult(
            (bool?)result?["success"] ?? false,
            ReadDiagnostics(result?["diagnostics"]),
            (string?)result?["contents"]);
    }

    /// <summary>
    /// <c>bicep/compileParams</c>: compiles a <c>.bicepparam</c> file into ARM parameters JSON, plus the template its
    /// <c>using</c> points at. <paramref name="overrides"/> replace parameter values (JSON values by parameter name).
    /// </summary>
    public async Task<BicepParamsResult> CompileParamsAsync(string path, IReadOnlyDictionary<string, JsonNode?>? overrides = null,
        CancellationToken cancellationToken = default)
    {
        var parameterOverrides = new JsonObject();
        foreach (var (name, value) in overrides ?? new Dictionary<string, JsonNode?>())
        {
            parameterOverrides[name] = value?.DeepClone();
        }

        var result = await CallAsync("bicep/compileParams",
            new JsonObject { ["path"] = Path.GetFullPath(path), ["parameterOverrides"] = parameterOverrides }, cancellationToken);
        return new BicepParamsResult(
            (bool?)result?["success"] ?? false,
            ReadDiagnostics(result?["diagnostics"]),
            (string?)result?["parameters"],
            (string?)result?["template"]);
    }

    /// <summary>
    /// <c>bicep/getSnapshot</c>: evaluates a <c>.bicepparam</c> file (its <c>using</c> may point at a <c>.bicep</c> or an
    /// ARM <c>.json</c> template) in <paramref name="metadata"/>'s context and returns the predicted resources.
    /// When the inputs do not compile, the compile diagnostics are thrown as a <see cref="ProblemsException"/>
    /// (the RPC itself only says "Compilation failed").
    /// </summary>
    public async Task<BicepSnapshot> GetSnapshotAsync(string bicepparamPath, SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(bicepparamPath);
        var request = new JsonObject
        {
            ["path"] = full,
            ["metadata"] = new JsonObject
            {
                ["subscriptionId"] = metadata.SubscriptionId,
                ["resourceGroup"] = metadata.ResourceGroup,
                ["location"] = metadata.Location,
                ["tenantId"] = metadata.TenantId,
                ["deploymentName"] = metadata.DeploymentName,
            },
            ["externalInputs"] = new JsonArray(),
        };

        JsonNode? result;
        try
        {
            result = await CallAsync("bicep/getSnapshot", request, cancellationToken);
        }
        catch (BicepRpcException ex) when (ex.Message.Contains("Compilation failed", StringComparison.Ordinal))
        {
            var compiled = await CompileParamsAsync(full, cancellationToken: cancellationToken);
            var problems = compiled.Diagnostics.Where(d => d.Level == BicepDiagnosticLevel.Error).Select(d => d.ToProblem()).ToList();
            if (problems.Count == 0)
            {
                problems.Add(new Problem(full, 0, 0, "bicep.snapshot", "Bicep could not compile this parameters file for a snapshot."));
            }

            throw new ProblemsException(problems);
        }

        var json = (string?)result?["snapshot"] ?? throw new BicepRpcException("bicep/getSnapshot", "no snapshot in the answer");
        return ParseSnapshot(json);
    }

    /// <summary>
    /// Evaluates an arbitrary ARM JSON template with an ARM parameters object into predicted resources, offline.
    /// Used to judge what a submitted deployment would create. The template and a generated <c>.bicepparam</c>
    /// (<c>using 'template.json'</c> + one <c>param</c> per value) are written to a private temp folder, snapshotted,
    /// and deleted. <paramref name="parameters"/> may be a full deploymentParameters document
    /// (<c>{"$schema":..., "parameters": {...}}</c>) or the bare <c>properties.parameters</c> object of a deployment
    /// request (<c>{"name": {"value": ...}}</c>). Key Vault references cannot be resolved offline and become the
    /// placeholder string <c>keyvault-reference:&lt;secretName&gt;</c>.
    /// </summary>
    public async Task<BicepSnapshot> EvaluateArmTemplateAsync(JsonObject template, JsonObject? parameters, SnapshotMetadata metadata,
        CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "projectscout-bicep", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var templatePath = Path.Combine(folder, "template.json");
            var paramsPath = Path.Combine(folder, "deployment.bicepparam");
            await File.WriteAllTextAsync(templatePath, template.ToJsonString(), Utf8, cancellationToken);
            await File.WriteAllTextAsync(paramsPath, BicepParamWriter.ForArmTemplate("template.json", parameters), Utf8, cancellationToken);
            try
            {
                return await GetSnapshotAsync(paramsPath, metadata, cancellationToken);
            }
            catch (ProblemsException ex)
            {
                // The temp paths mean nothing to the caller; name the inputs instead.
                throw new ProblemsException(ex.Problems.Select(p => p with
                {
                    File = p.File.EndsWith(".json", StringComparison.Ordinal) ? "template" : "parameters",
                }).ToList());
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; never hide the real result for it.
            }
        }
    }

    /// <summary>Parses the JSON text of a snapshot (as written to <c>artifacts/&lt;env&gt;/snapshots/phase&lt;N&gt;.json</c>).</summary>
    public static BicepSnapshot ParseSnapshot(string json)
    {
        var node = JsonNode.Parse(json)?.AsObject() ?? throw new BicepRpcException("bicep/getSnapshot", "the snapshot is not a JSON object");
        var resources = node["predictedResources"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var outputs = node["outputs"] as JsonObject ?? new JsonObject();
        return new BicepSnapshot(resources, outputs, ReadDiagnostics(node["diagnostics"]), json);
    }

    private static IReadOnlyList<BicepDiagnostic> ReadDiagnostics(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        var list = new List<BicepDiagnostic>();
        foreach (var item in array.OfType<JsonObject>())
        {
            var start = item["range"]?["start"];
            var level = Enum.TryParse<BicepDiagnosticLevel>((string?)item["level"], ignoreCase: true, out var parsed) ? parsed : BicepDiagnosticLevel.Error;
            list.Add(new BicepDiagnostic(
                (string?)item["source"] ?? string.Empty,
                ((int?)start?["line"] ?? 0) + 1,
                ((int?)start?["char"] ?? 0) + 1,
                level,
                (string?)item["code"] ?? "bicep",
                (string?)item["message"] ?? string.Empty));
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // Closing stdin ends the server's read loop; it exits on its own.
            _input.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        Fail(new ObjectDisposedException(nameof(BicepClient)));
        await Task.WhenAll(_reader, _stderrReader).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
        _writeLock.Dispose();
    }
}
