using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Infra;

/// <summary>The files one phase produced for one environment (absolute paths).</summary>
public sealed record PhaseArtifacts(InfraPhase Phase, string ParametersSource, string CompiledTemplate, string CompiledParameters, string Snapshot)
{
    /// <summary>The deployment name of the compiled files as they are on disk (what the deploy sends).</summary>
    public string ReadDeploymentName(string environment) =>
        Phase.DeploymentName(environment, File.ReadAllText(CompiledTemplate), File.ReadAllText(CompiledParameters));
}

/// <summary>What an infra build did: skipped (inputs unchanged) or built, with every diagnostic in compiler form.</summary>
public sealed record InfraBuildResult(bool Skipped, IReadOnlyList<Problem> Diagnostics, IReadOnlyList<PhaseArtifacts> Phases, int TemplatesCompiled, string InputsHash)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Generates the phase parameters from the environment file, compiles and lints every template under templates/infra,
/// compiles the parameters and snapshots each phase, all through one shared Bicep process. Skips everything when the
/// hash of its inputs (templates, bicepconfig.json, runbooks, the environment file, templates/lakehouse.yaml, the Bicep version and this toolkit
/// build) matches the stamp of the last successful run and its outputs are still there; the Bicep process is then never
/// started. <paramref name="variables"/> resolves the environment's subscription/tenant variables (process environment
/// by default; tests pass one that returns nothing so the documented placeholders are used).
/// </summary>
public sealed class InfraBuildService(ToolkitLayout layout, Func<string, string?>? variables = null)
{
    public const string StampFileName = ".inputs.sha256";
    public const string ConfigFileName = "bicepconfig.json";
    public const string RunbooksFolderName = "runbooks";

    // Relaxed escaping keeps quotes in ARM expressions readable in snapshots and their diffs; the files are never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<InfraBuildResult> BuildAsync(EnvironmentDefinition env, Func<BicepClient> bicep, CancellationToken cancellationToken = default)
    {
        var artifacts = layout.For(env.Name);
        var phases = InfraPhases.All.Select(p => new PhaseArtifacts(p,
            Path.Combine(artifacts.Infra, p.ParametersSourceFileName),
            Path.Combine(artifacts.Infra, p.CompiledTemplateFileName),
            Path.Combine(artifacts.Infra, p.CompiledParametersFileName),
            Path.Combine(artifacts.Snapshots, p.SnapshotFileName))).ToList();

        var configPath = Path.Combine(layout.Infra, ConfigFileName);
        if (!File.Exists(configPath))
        {
            throw new ProblemsException([new Problem(layout.Display(configPath), 0, 0, "infra.bicepconfig",
                "The committed lint profile is missing; restore templates/infra/bicepconfig.json (strict rules at error).")]);
        }

        ProblemsException.ThrowIfAny(CheckLintProfile(configPath));
        CopyRunbooks(artifacts);
        var hash = InputsHash(env);
        var stampPath = Path.Combine(artifacts.Infra, StampFileName);
        var outputsExist = phases.All(p => File.Exists(p.CompiledTemplate) && File.Exists(p.CompiledParameters) && File.Exists(p.Snapshot) && File.Exists(p.ParametersSource));
        if (outputsExist && File.Exists(stampPath) && File.ReadAllText(stampPath).Trim() == hash)
        {
            return new InfraBuildResult(true, [], phases, 0, hash);
        }

        var lakehouse = LakehouseLoader.Load(layout);
        var client = bicep();
        var problems = new List<Problem>();
        var templates = Directory.EnumerateFiles(layout.Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var compiled = await Task.WhenAll(templates.Select(t => client.CompileAsync(t, cancellationToken)));
        var entryTemplates = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < templates.Count; i++)
        {
            problems.AddRange(compiled[i].Diagnostics.Select(d => d.ToProblem(layout.Display)));
            entryTemplates[templates[i]] = compiled[i].Template;
        }

        var distinct = Distinct(problems);
        if (distinct.Any(p => p.Severity == Severity.Error))
        {
            return new InfraBuildResult(false, distinct, phases, templates.Count, hash);
        }

        Directory.CreateDirectory(artifacts.Infra);
        Directory.CreateDirectory(artifacts.Snapshots);
        foreach (var phase in phases)
        {
            var templatePath = Path.Combine(layout.Infra, phase.Phase.TemplateFileName);
            if (!entryTemplates.TryGetValue(templatePath, out var template) || template is null)
            {
                throw new ProblemsException([new Problem(layout.Display(templatePath), 0, 0, "infra.phase-template", $"Phase {phase.Phase.Number} has no entry template; add {phase.Phase.TemplateFileName}.")]);
            }

            var usingPath = Path.GetRelativePath(artifacts.Infra, templatePath).Replace('\\', '/');
            var parametersText = InfraParameterGenerator.Generate(env, lakehouse, phase.Phase, usingPath, InfraParameterGenerator.DeclaredParameters(template));
            GeneratedFiles.Write(phase.ParametersSource, parametersText);

            var built = await client.CompileParamsAsync(phase.ParametersSource, cancellationToken: cancellationToken);
            var paramProblems = built.Diagnostics.Select(d => d.ToProblem(layout.Display)).ToList();
            distinct = Distinct(distinct.Concat(paramProblems));
            if (built.HasErrors || built.Template is null || built.Parameters is null)
            {
                return new InfraBuildResult(false, distinct, phases, templates.Count, hash);
            }

            GeneratedFiles.Write(phase.CompiledTemplate, EnsureTrailingNewline(built.Template));
            GeneratedFiles.Write(phase.CompiledParameters, EnsureTrailingNewline(built.Parameters));

            var context = SnapshotContext.For(env, phase.ReadDeploymentName(env.Name), variables);
            BicepSnapshot snapshot;
            try
            {
                snapshot = await client.GetSnapshotAsync(phase.ParametersSource, context, cancellationToken);
            }
            catch (BicepRpcException ex) when (ex.Method == "bicep/getSnapshot")
            {
                // An evaluation error names a line of the compiled JSON: report it once, at the .bicep declaration.
                distinct = Distinct(distinct.Append(SnapshotErrorLocator.Locate(ex.Message, phase.CompiledTemplate, layout.Infra, layout.Display)));
                return new InfraBuildResult(false, distinct, phases, templates.Count, hash);
            }

            distinct = Distinct(distinct.Concat(snapshot.Diagnostics.Select(d => d.ToProblem(layout.Display))));
            GeneratedFiles.Write(phase.Snapshot, Normalize(snapshot.Json));
        }

        if (!distinct.Any(p => p.Severity == Severity.Error))
        {
            GeneratedFiles.Write(stampPath, hash + "\n");
        }

        return new InfraBuildResult(false, distinct, phases, templates.Count, hash);
    }

    /// <summary>
    /// templates/infra/runbooks/*.ps1 → artifacts/&lt;env&gt;/infra/runbooks/, byte for byte (the stamp hashes them too),
    /// so a release carries exactly the reviewed runbook text and the deployer never reads templates/. Runs even when
    /// the build is skipped (a copy is cheap and written only when it differs); runbooks no longer in templates are removed.
    /// </summary>
    private void CopyRunbooks(EnvironmentArtifacts artifacts)
    {
        var source = Path.Combine(layout.Infra, RunbooksFolderName);
        var sources = Directory.Exists(source) ? Directory.EnumerateFiles(source, "*.ps1").Order(StringComparer.Ordinal).ToList() : [];
        var names = sources.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in sources)
        {
            GeneratedFiles.Write(Path.Combine(artifacts.Runbooks, Path.GetFileName(file)), File.ReadAllBytes(file));
        }

        if (Directory.Exists(artifacts.Runbooks))
        {
            foreach (var stale in Directory.EnumerateFiles(artifacts.Runbooks).Where(f => !names.Contains(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>Rules the committed bicepconfig.json must keep at <c>error</c>: weakening one fails the build.</summary>
    public static IReadOnlyList<string> StrictRules { get; } =
    [
        "adminusername-should-not-be-literal", "no-hardcoded-env-urls", "no-unused-params", "no-unused-vars",
        "outputs-should-not-contain-secrets", "protect-commandtoexecute-secrets", "secure-parameter-default",
        "secure-params-in-nested-deploy", "secure-secrets-in-params", "use-description-params", "use-description-outputs",
        "use-secure-value-for-secure-inputs", "use-stable-resource-identifiers",
    ];

    /// <summary>The checklist's "lint profile enforced": the strict rules must be at error in the committed config.</summary>
    public IReadOnlyList<Problem> CheckLintProfile(string configPath)
    {
        JsonNode? rules;
        try
        {
            rules = JsonNode.Parse(File.ReadAllText(configPath))?["analyzers"]?["core"]?["rules"];
        }
        catch (JsonException ex)
        {
            return [new Problem(layout.Display(configPath), (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, "infra.bicepconfig", "is not valid JSON: " + ex.Message.Split('.')[0] + ".")];
        }

        return StrictRules
            .Where(rule => (string?)rules?[rule]?["level"] != "error")
            .Select(rule => new Problem(layout.Display(configPath), 0, 0, "infra.bicepconfig-weakened",
                $"lint rule '{rule}' must stay at level \"error\" (is {(string?)rules?[rule]?["level"] ?? "not set"}); the strict profile is part of the pre-deploy checklist."))
            .ToList();
    }

    /// <summary>The hash that decides whether a rebuild is needed.</summary>
    public string InputsHash(EnvironmentDefinition env)
    {
        var text = new StringBuilder();
        text.Append("bicep=").Append(BicepCli.PinnedVersion).Append('\n');
        text.Append("toolkit=").Append(typeof(InfraBuildService).Assembly.ManifestModule.ModuleVersionId).Append('\n');
        var envFile = Path.Combine(layout.Environments, env.Name + EnvironmentCatalog.Extension);
        var inputs = Directory.EnumerateFiles(layout.Infra, "*", SearchOption.AllDirectories).Append(envFile).Append(layout.Lakehouse).Order(StringComparer.Ordinal);
        foreach (var file in inputs)
        {
            text.Append(Path.GetRelativePath(layout.Root, file).Replace('\\', '/')).Append('=').Append(File.Exists(file) ? GeneratedFiles.Sha256OfFile(file) : "missing").Append('\n');
        }

        return GeneratedFiles.Sha256(text.ToString());
    }

    /// <summary>Building a parent reports its modules' diagnostics again; keep one of each, sorted by file and position.</summary>
    private static List<Problem> Distinct(IEnumerable<Problem> problems) =>
        problems.DistinctBy(p => (p.File, p.Line, p.Column, p.Code, p.Message))
            .OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Column).ThenBy(p => p.Code, StringComparer.Ordinal)
            .ToList();

    private static string EnsureTrailingNewline(string text) => text.EndsWith('\n') ? text : text + "\n";

    /// <summary>
    /// Bicep's snapshot lists the outputs in no stable order (two runs of one commit differ), so they are sorted by name:
    /// the same inputs must give the same bytes, or two release builds cannot be compared.
    /// </summary>
    private static string Normalize(string json)
    {
        var node = JsonNode.Parse(json)!;
        if (node["outputs"] is JsonObject outputs)
        {
            var sorted = outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => KeyValuePair.Create(o.Key, o.Value?.DeepClone())).ToList();
            node["outputs"] = new JsonObject(sorted);
        }

        return node.ToJsonString(Indented) + "\n";
    }
}
