using System.Text.Json.Nodes;
using System.Text.Json;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>One resource `bicep snapshot` predicts for a phase.</summary>
public sealed record PredictedResource(string Id, string Type, string Name, string ApiVersion, JsonObject Body)
{
    /// <summary>An id bicep snapshot could not evaluate offline (it depends on environment() or a runtime value): it cannot be looked up.</summary>
    public bool IsUnresolved => Id.StartsWith('[');
}

/// <summary>The compiled inputs of one phase: ARM template, parameters and the Bicep snapshot of what it creates.</summary>
public sealed class PhaseInputs
{
    public required int Phase { get; init; }
    public required JsonObject Template { get; init; }
    public required JsonObject Parameters { get; init; }
    public required IReadOnlyList<PredictedResource> Predicted { get; init; }
    public required string DeploymentName { get; init; }

    public static PhaseInputs Load(EnvironmentArtifacts artifacts, string environment, int phase, Func<string, string> display) =>
        Load(artifacts, environment, InfraPhases.All.Single(p => p.Number == phase), display);

    public static PhaseInputs Load(EnvironmentArtifacts artifacts, string environment, InfraPhase phase, Func<string, string> display)
    {
        var templatePath = Path.Combine(artifacts.Infra, phase.CompiledTemplateFileName);
        var parametersPath = Path.Combine(artifacts.Infra, phase.CompiledParametersFileName);
        var snapshotPath = Path.Combine(artifacts.Snapshots, phase.SnapshotFileName);
        foreach (var path in new[] { templatePath, parametersPath, snapshotPath })
        {
            if (!File.Exists(path))
            {
                throw new ToolkitException($"{display(path)} is missing: compile the templates with ./build.sh --target=Validate --environment={environment} (DeployPhase{phase.Number} runs it first).");
            }
        }

        var templateText = File.ReadAllText(templatePath);
        var parametersText = File.ReadAllText(parametersPath);
        var template = ParseObject(templateText, templatePath, display);
        var apiVersions = TemplateApiVersions(template);
        var snapshot = ParseObject(File.ReadAllText(snapshotPath), snapshotPath, display);
        var predicted = (snapshot["predictedResources"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(r =>
            {
                var type = r["type"]?.ToString() ?? "";
                var apiVersion = r["apiVersion"]?.ToString() ?? apiVersions.GetValueOrDefault(type.ToLowerInvariant()) ?? "";
                return new PredictedResource(r["id"]?.ToString() ?? "", type, r["name"]?.ToString() ?? "", apiVersion, r);
            })
            .Where(r => r.Id.Length > 0 && !r.Type.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new PhaseInputs
        {
            Phase = phase.Number,
            Template = template,
            Parameters = ParseObject(parametersText, parametersPath, display),
            Predicted = predicted,
            DeploymentName = phase.DeploymentName(environment, templateText, parametersText),
        };
    }

    /// <summary>type (lower case) → apiVersion of every resource in the template, nested module templates included.</summary>
    internal static Dictionary<string, string> TemplateApiVersions(JsonObject template)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? resources, string prefix)
        {
            IEnumerable<JsonObject> items = resources switch
            {
                JsonArray array => array.OfType<JsonObject>(),
                JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(), // languageVersion 2.0: symbolic names
                _ => [],
            };
            foreach (var resource in items)
            {
                var type = resource["type"]?.ToString() ?? "";
                var full = prefix.Length > 0 && !type.Contains('/') ? prefix + "/" + type : type;
                if (resource["apiVersion"]?.ToString() is { } version && full.Length > 0)
                {
                    versions.TryAdd(full.ToLowerInvariant(), version);
                }

                Walk(resource["resources"], full);
                Walk(resource["properties"]?["template"]?["resources"], "");
            }
        }

        Walk(template["resources"], "");
        return versions;
    }

    private static JsonObject ParseObject(string text, string path, Func<string, string> display)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new ToolkitException($"{display(path)}: expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new ToolkitException($"{display(path)}({(ex.LineNumber ?? 0) + 1},{(ex.BytePositionInLine ?? 0) + 1}): {ex.Message}");
        }
    }
}
