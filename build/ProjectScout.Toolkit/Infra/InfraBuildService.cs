using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        var compilation = await CompileTemplatesAsync(client, cancellationToken);
        var distinct = compilation.Problems;
        if (distinct.Any(p => p.Severity == Severity.Error))
        {
            return new InfraBuildResult(false, distinct, phases, compilation.Templates.Count, hash);
        }

        Directory.CreateDirectory(artifacts.Infra);
        Directory.CreateDirectory(artifacts.Snapshots);
        foreach (var phase in phases)
        {
            var templatePath = Path.Combine(layout.Infra, phase.Phase.TemplateFileName);
            if (compilation.Templates.GetValueOrDefault(templatePath) is null)
            {
                throw new ProblemsException([new Problem(layout.Display(templatePath), 0, 0, "infra.phase-template", $"Phase {phase.Phase.Number} has no entry template; add {phase.Phase.TemplateFileName}.")]);
            }
        }

        // Phases depend on the environment only through their parameters: build them side by side on the one process.
        var built = await Task.WhenAll(phases.Select(phase => BuildPhaseAsync(env, lakehouse, client, phase, compilation, cancellationToken)));
        distinct = Distinct(distinct.Concat(built.SelectMany(b => b.Problems)));
        if (built.All(b => b.Built) && !distinct.Any(p => p.Severity == Severity.Error))
        {
            GeneratedFiles.Write(stampPath, hash + "\n");
        }

        return new InfraBuildResult(false, distinct, phases, compilation.Templates.Count, hash);
    }

    /// <summary>
    /// One phase: its parameters from the environment, then compiled parameters and snapshot. The template is the one
    /// compiled once for the run; parameters and snapshot are evaluated against that compiled JSON (a copy in a private
    /// temp folder), so Bicep does not compile the template and its modules twice more per environment. Any diagnostic
    /// on that path falls back to the generated parameters file itself, so problems name the real file.
    /// </summary>
    private async Task<(bool Built, IReadOnlyList<Problem> Problems)> BuildPhaseAsync(EnvironmentDefinition env, LakehouseDeclaration lakehouse, BicepClient client,
        PhaseArtifacts phase, TemplateCompilation compilation, CancellationToken cancellationToken)
    {
        var artifacts = layout.For(env.Name);
        var templatePath = Path.Combine(layout.Infra, phase.Phase.TemplateFileName);
        var template = EnsureTrailingNewline(compilation.Templates[templatePath]!);
        var declared = InfraParameterGenerator.DeclaredParameters(template);
        var usingPath = Path.GetRelativePath(artifacts.Infra, templatePath).Replace('\\', '/');
        GeneratedFiles.Write(phase.ParametersSource, InfraParameterGenerator.Generate(env, lakehouse, phase.Phase, usingPath, declared));

        var work = Path.Combine(Path.GetTempPath(), "projectscout-bicep", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            const string CompiledName = "template.json";
            var workParameters = Path.Combine(work, phase.Phase.ParametersSourceFileName);
            await File.WriteAllTextAsync(Path.Combine(work, CompiledName), template, cancellationToken);
            await File.WriteAllTextAsync(workParameters, InfraParameterGenerator.Generate(env, lakehouse, phase.Phase, CompiledName, declared), cancellationToken);
            var built = await client.CompileParamsAsync(workParameters, cancellationToken: cancellationToken);
            var snapshotSource = workParameters;
            if (built.Diagnostics.Count > 0 || built.Parameters is null)
            {
                built = await client.CompileParamsAsync(phase.ParametersSource, cancellationToken: cancellationToken);
                snapshotSource = phase.ParametersSource;
            }

            var problems = built.Diagnostics.Select(d => d.ToProblem(layout.Display)).ToList();
            var compiledTemplate = snapshotSource == workParameters ? template : built.Template;
            if (built.HasErrors || compiledTemplate is null || built.Parameters is null)
            {
                return (false, problems);
            }

            GeneratedFiles.Write(phase.CompiledTemplate, EnsureTrailingNewline(compiledTemplate));
            GeneratedFiles.Write(phase.CompiledParameters, EnsureTrailingNewline(built.Parameters));

            var context = SnapshotContext.For(env, phase.ReadDeploymentName(env.Name), variables);
            BicepSnapshot snapshot;
            try
            {
                snapshot = await client.GetSnapshotAsync(snapshotSource, context, cancellationToken);
            }
            catch (BicepRpcException ex) when (ex.Method == "bicep/getSnapshot")
            {
                // An evaluation error names a line of the compiled JSON: report it once, at the .bicep declaration.
                problems.Add(SnapshotErrorLocator.Locate(ex.Message, phase.CompiledTemplate, layout.Infra, layout.Display));
                return (false, problems);
            }

            problems.AddRange(snapshot.Diagnostics.Select(d => d.ToProblem(layout.Display)));
            GeneratedFiles.Write(phase.Snapshot, Normalize(snapshot.Json));
            return (true, problems);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; never hide the real result for it.
            }
        }
    }

    /// <summary>Every template compiled and linted, with its diagnostics (display paths, distinct, sorted).</summary>
    private sealed record TemplateCompilation(IReadOnlyDictionary<string, string?> Templates, List<Problem> Problems);

    /// <summary>Per Bicep process: template compilations by content key, so each template is compiled and linted once per run.</summary>
    private static readonly ConditionalWeakTable<BicepClient, ConcurrentDictionary<string, Lazy<Task<TemplateCompilation>>>> Compilations = new();

    /// <summary>
    /// Compiles and lints every template under templates/infra once per run: templates do not depend on the environment,
    /// so every environment after the first reuses the result. Keyed by the folder and the content of every file in it
    /// (templates, modules, bicepconfig.json), so an edit between builds is compiled again; the root is in the key
    /// because the diagnostics carry display paths.
    /// </summary>
    private async Task<TemplateCompilation> CompileTemplatesAsync(BicepClient client, CancellationToken cancellationToken)
    {
        var templates = Directory.EnumerateFiles(layout.Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var key = new StringBuilder(layout.Root).Append('\n').Append(layout.Infra).Append('\n');
        foreach (var file in Directory.EnumerateFiles(layout.Infra, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            key.Append(file).Append('=').Append(GeneratedFiles.Sha256OfFile(file)).Append('\n');
        }

        var cache = Compilations.GetOrCreateValue(client);
        var contentKey = GeneratedFiles.Sha256(key.ToString());
        var entry = cache.GetOrAdd(contentKey, _ => new Lazy<Task<TemplateCompilation>>(async () =>
        {
            // A module or imported file is compiled and linted with every template that uses it (its diagnostics come
            // back with the parent's), so only the templates nothing references are sent: the phases and any orphan.
            var referenced = templates.SelectMany(ReferencedTemplates).ToHashSet(StringComparer.Ordinal);
            var roots = templates.Where(t => !referenced.Contains(t) || InfraPhases.All.Any(p => Path.Combine(layout.Infra, p.TemplateFileName) == t)).ToList();
            var compiled = await Task.WhenAll(roots.Select(t => client.CompileAsync(t, CancellationToken.None)));
            var results = templates.ToDictionary(t => t, _ => (string?)null, StringComparer.Ordinal);
            var problems = new List<Problem>();
            for (var i = 0; i < roots.Count; i++)
            {
                problems.AddRange(compiled[i].Diagnostics.Select(d => d.ToProblem(layout.Display)));
                results[roots[i]] = compiled[i].Template;
            }

            return new TemplateCompilation(results, Distinct(problems));
        }));
        try
        {
            var compilation = await entry.Value.WaitAsync(cancellationToken);
            return compilation with { Problems = [.. compilation.Problems] };
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<TemplateCompilation>>>(contentKey, entry));
            throw;
        }
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

    private static readonly System.Text.RegularExpressions.Regex LocalReference =
        new(@"^\s*(?:module\s+\w+\s+|import\s+.*?\s+from\s+)'(?<path>[^':]+\.bicep)'", System.Text.RegularExpressions.RegexOptions.Multiline);

    /// <summary>The local .bicep files a template uses as a module or imports from (full paths).</summary>
    private static IEnumerable<string> ReferencedTemplates(string template) =>
        LocalReference.Matches(File.ReadAllText(template))
            .Select(m => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(template)!, m.Groups["path"].Value)));

    /// <summary>The hash that decides whether a rebuild is needed.</summary>
    public string InputsHash(EnvironmentDefinition env)
    {
        var text = new StringBuilder();
        text.Append("bicep=").Append(BicepCli.PinnedVersion).Append('\n');
        text.Append("toolkit=").Append(typeof(InfraBuildService).Assembly.ManifestModule.ModuleVersionId).Append('\n');
        var envFiles = new EnvironmentCatalog(layout.Environments).FilesOf(env.Name);
        var inputs = Directory.EnumerateFiles(layout.Infra, "*", SearchOption.AllDirectories).Concat(envFiles).Append(layout.Lakehouse).Order(StringComparer.Ordinal);
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
