using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Arm;

/// <summary>
/// Evaluates a submitted ARM template with the pinned Bicep CLI's <c>bicep snapshot</c>: the template is written as
/// JSON, the parameters as a .bicepparam that <c>using</c>s it, and the snapshot gives the predicted resources (modules
/// flattened, expressions evaluated) and outputs. The scratch folder is private to the user and deleted at once,
/// because secure parameter values pass through it.
/// </summary>
public sealed class BicepSnapshotEvaluator(string? bicepPath = null) : ITemplateEvaluator
{
    private readonly string _bicep = bicepPath ?? DefaultBicepPath();

    /// <summary>The Bicep CLI the toolkit pins (Azure.Bicep.CommandLine, through the Toolkit assembly's metadata).</summary>
    public static string DefaultBicepPath() =>
        typeof(ProjectScout.Toolkit.Layout.ToolkitLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value
        ?? throw new InvalidOperationException("The Toolkit assembly does not name the Bicep CLI (AssemblyMetadata BicepPath).");

    public async Task<TemplateEvaluation> EvaluateAsync(TemplateEvaluationRequest request, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("projectscout-sandbox-snapshot-");
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(scratch.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var template = Path.Combine(scratch.FullName, "template.json");
            var parameters = Path.Combine(scratch.FullName, "deployment.bicepparam");
            await File.WriteAllTextAsync(template, request.Template.ToJsonString(), cancellationToken);
            var lines = new List<string> { "using 'template.json'", string.Empty };
            foreach (var (name, value) in request.Parameters)
            {
                if (value is not JsonObject wrapper || !wrapper.ContainsKey("value"))
                {
                    var kind = value is JsonObject { } o && o.ContainsKey("reference") ? "a Key Vault reference" : "not of the form {\"value\": ...}";
                    return Failed($"The parameter '{name}' is {kind}; the sandbox accepts only literal parameter values.");
                }

                lines.Add($"param {name} = {BicepLiteral.Write(wrapper["value"])}");
            }

            await File.WriteAllTextAsync(parameters, string.Join('\n', lines) + "\n", cancellationToken);
            var arguments = new List<string>
            {
                "snapshot", parameters, "--mode", "overwrite",
                "--subscription-id", request.SubscriptionId,
                "--resource-group", request.ResourceGroup,
                "--location", request.Location,
                "--deployment-name", request.DeploymentName,
            };
            if (request.TenantId is not null)
            {
                arguments.AddRange(["--tenant-id", request.TenantId]);
            }

            var (exitCode, output) = await RunAsync(arguments, scratch.FullName, cancellationToken);
            var snapshotFile = Path.Combine(scratch.FullName, "deployment.snapshot.json");
            if (exitCode != 0 || !File.Exists(snapshotFile))
            {
                var errors = output.Split('\n')
                    .Where(l => l.Contains(": Error ", StringComparison.Ordinal))
                    .Select(l => l.Replace(scratch.FullName + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal).Trim())
                    .ToList();
                return Failed(errors.Count > 0 ? errors.ToArray() : [$"bicep snapshot failed (exit {exitCode}): {output.Trim()}"]);
            }

            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(snapshotFile, cancellationToken))!.AsObject();
            var resources = (snapshot["predictedResources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => (JsonObject)r.DeepClone()).ToList();
            var diagnostics = (snapshot["diagnostics"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(d => string.Equals((string?)d["level"], "Error", StringComparison.OrdinalIgnoreCase))
                .Select(d => $"{d["code"]}: {d["message"]}")
                .ToList();
            return new TemplateEvaluation(resources, (snapshot["outputs"] as JsonObject)?.DeepClone().AsObject() ?? [], diagnostics);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static TemplateEvaluation Failed(params string[] errors) => new([], [], errors);

    private async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_bicep)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry or update checks from a local stand-in.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new SandboxApiException(500, "InternalServerError", $"Could not start {_bicep}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + "\n" + await stderr);
    }
}
