using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Governance;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Quality;
using Scriban.Runtime;

namespace ProjectScout.Toolkit.Rendering;

/// <summary>
/// What one render produced (or that it was skipped because no input changed). <paramref name="Bundle"/> is the
/// rendered content, typed, straight from memory; null when skipped (the artifacts on disk are then current).
/// </summary>
public sealed record RenderSummary(bool Skipped, int Notebooks, int Jobs, int Policies, int Written, int Removed, Workspace.WorkspaceBundle? Bundle = null);

/// <summary>One artifact to render: its template, kind, output path relative to its folder, and template-local values.</summary>
public sealed record RenderSource(string Template, string Kind, string Output, ScriptObject? Locals = null);

/// <summary>
/// Renders notebooks/ (→ artifacts/&lt;env&gt;/notebooks), templates/jobs/*.json.scriban (→ jobs/&lt;key&gt;.json) and
/// templates/jobs/policies/*.json.scriban (→ policies/&lt;key&gt;.json) for one environment. Files or folders whose
/// name starts with '_' are include-only partials. From the lakehouse declaration it also renders one quality-gate
/// notebook per layer (notebooks/_shared/quality_notebook.py.scriban) and one cluster policy per cluster profile
/// (templates/jobs/policies/_policy.json.scriban). Output is deterministic; stale outputs are removed; a stamp of every
/// input lets an unchanged re-run skip the work.
/// </summary>
public sealed partial class WorkspaceRenderer(ToolkitLayout layout, LakehouseDeclaration lakehouse, GovernanceDeclaration? governance = null)
{
    // The run's parsed declaration when given (BuildState.Governance), else read from the layout.
    private readonly Lazy<GovernanceDeclaration> _governance = new(() => governance ?? GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames, layout.Display));

    public const string TemplateExtension = ".scriban";
    private const string StampFile = ".render-stamp";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string PoliciesTemplates => Path.Combine(layout.Jobs, "policies");

    /// <summary>The template every layer's quality-gate notebook is rendered from (with <c>layer</c> set to its name).</summary>
    public string QualityNotebookTemplate => Path.Combine(layout.Notebooks, "_shared", "quality_notebook.py" + TemplateExtension);

    /// <summary>The template every cluster profile's policy is rendered from (with <c>profile</c> set to it).</summary>
    public string PolicyTemplate => Path.Combine(PoliciesTemplates, "_policy.json" + TemplateExtension);

    /// <summary>
    /// Every artifact to render: the templates' own, then one gate notebook per layer, one policy per cluster profile and,
    /// given the environment, one per cluster profile of each non-critical workload class.
    /// </summary>
    public IEnumerable<RenderSource> Templates(EnvironmentDefinition? environment = null)
    {
        foreach (var file in Sources(layout.Notebooks, recursive: true))
        {
            yield return new RenderSource(file, "notebook", Strip(Path.GetRelativePath(layout.Notebooks, file)));
        }

        var notebookExtension = Path.GetExtension(Strip(QualityNotebookTemplate));
        foreach (var layer in lakehouse.Layers)
        {
            yield return new RenderSource(QualityNotebookTemplate, "notebook", layer.Gate.Notebook + notebookExtension, new ScriptObject { ["layer"] = layer.Name });
        }

        foreach (var file in Sources(layout.Jobs, recursive: false))
        {
            yield return new RenderSource(file, "job", Strip(Path.GetFileName(file)));
        }

        foreach (var file in Sources(PoliciesTemplates, recursive: false))
        {
            yield return new RenderSource(file, "policy", Strip(Path.GetFileName(file)));
        }

        foreach (var profile in lakehouse.ClusterProfiles)
        {
            yield return new RenderSource(PolicyTemplate, "policy", profile.Policy + ".json", new ScriptObject { ["profile"] = profile.Key });
        }

        foreach (var (classKey, cls) in environment?.Workload.Classes.Where(c => !c.Value.Critical) ?? [])
        {
            foreach (var profile in lakehouse.ClusterProfiles.Where(p => cls.ClusterProfiles.Contains(p.Key)))
            {
                yield return new RenderSource(PolicyTemplate, "policy", WorkloadScript.PolicyKey(profile.Policy, classKey, cls) + ".json",
                    new ScriptObject { ["profile"] = profile.Key, ["workload_class"] = classKey });
            }
        }
    }

    public RenderSummary Render(EnvironmentDefinition environment, ContractSet contracts, bool force = false)
    {
        var artifacts = layout.For(environment.Name);
        var stamp = InputStamp(environment);
        var stampPath = Path.Combine(artifacts.Root, StampFile);
        var templates = Templates(environment).ToList();
        if (!force && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp + OutputStamp(Outputs(artifacts, templates)))
        {
            return new RenderSummary(true, templates.Count(t => t.Kind == "notebook"), templates.Count(t => t.Kind == "job"), templates.Count(t => t.Kind == "policy"), 0, 0);
        }

        var problems = new List<Problem>();
        var engine = new StrictTemplates(layout.Root, layout.Display);
        var model = Model(environment, contracts, lakehouse);
        RedactionScript.Add(model, _governance.Value, contracts);
        var rendered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (template, kind, output, locals) in templates)
        {
            var key = Path.GetFileNameWithoutExtension(output);
            model.SetValue("template_key", key, false);
            if (kind == "job")
            {
                if (WorkloadScript.For(environment, layout.Display(template), File.ReadAllText(template), key, problems) is not { } workload)
                {
                    continue;
                }

                model.SetValue("job_workload", workload, false);
            }

            var text = engine.Render(template, model, problems, Resolve(locals, model, environment));
            if (text is null)
            {
                continue;
            }

            var target = Target(artifacts, kind, output);
            if (kind != "notebook")
            {
                if (!Workspace.WorkspaceBundle.IsValidKey(key))
                {
                    problems.Add(new Problem(layout.Display(template), 0, 0, "render.key", $"'{key}' is not a valid {kind} key: use lowercase letters, digits, '_' and '-'"));
                    continue;
                }

                try
                {
                    text = JsonNode.Parse(text)!.ToJsonString(Indented) + "\n";
                }
                catch (JsonException ex)
                {
                    problems.Add(new Problem(layout.Display(template), 0, 0, "render.json",
                        $"the rendered {kind} is not valid JSON at rendered line {(ex.LineNumber ?? 0) + 1}: {ex.Message.Split('.')[0]}; fix the template"));
                    continue;
                }
            }

            rendered[target] = text;
        }

        ProblemsException.ThrowIfAny(problems.Distinct());
        var bytes = rendered.ToDictionary(r => r.Key, r => System.Text.Encoding.UTF8.GetBytes(GeneratedFiles.NormalizeNewlines(r.Value)), StringComparer.Ordinal);
        var bundle = Workspace.WorkspaceBundle.FromFiles(artifacts, environment.Databricks.NotebookRoot, bytes);
        var written = bytes.Count(r => GeneratedFiles.Write(r.Key, r.Value) != WriteOutcome.Unchanged);
        var removed = 0;
        foreach (var folder in new[] { artifacts.Notebooks, artifacts.Jobs, artifacts.Policies }.Where(Directory.Exists))
        {
            foreach (var stale in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !rendered.ContainsKey(f)).ToList())
            {
                File.Delete(stale);
                removed++;
            }
        }

        GeneratedFiles.Write(stampPath, stamp + OutputStamp(rendered.Keys));
        return new RenderSummary(false, templates.Count(t => t.Kind == "notebook"), templates.Count(t => t.Kind == "job"), templates.Count(t => t.Kind == "policy"), written, removed, bundle);
    }

    /// <summary>The template a rendered artifact came from, for messages.</summary>
    public string? TemplateOf(EnvironmentArtifacts artifacts, string artifactPath)
    {
        var full = Path.GetFullPath(artifactPath);
        return Templates().FirstOrDefault(t => Target(artifacts, t.Kind, t.Output) == full)?.Template;
    }

    /// <summary>
    /// The Scriban globals: every environment section under its YAML name, the lakehouse (<c>layers</c>,
    /// <c>layers_by_name</c>, <c>cluster_profiles</c>, <c>quality_gate</c>), the contracts and the compiled Spark quality plans.
    /// </summary>
    public static ScriptObject Model(EnvironmentDefinition environment, ContractSet contracts, LakehouseDeclaration lakehouse)
    {
        var model = new ScriptObject();
        var json = JsonSerializer.SerializeToNode(environment, new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        })!.AsObject();
        json.Remove("sourceFile");
        foreach (var (key, value) in json)
        {
            model.Add(key, StrictTemplates.ToScript(value));
        }

        var catalog = environment.Databricks.Catalog;
        var spark = SqlDialect.Spark(catalog);
        model.Add("catalog", catalog);
        var unityCatalog = lakehouse.UnityCatalog;
        model.Add("quality_results_table", $"{spark.Identifier(catalog)}.{spark.Identifier(unityCatalog.ResultsSchema)}.{spark.Identifier(unityCatalog.ResultsTable)}");
        model.Add("quality_schema", $"{spark.Identifier(catalog)}.{spark.Identifier(unityCatalog.ResultsSchema)}");
        model.Add("template_key", "");
        model.Add("job_workload", null);

        var tables = new ScriptObject();
        var tableList = new ScriptArray();
        var storage = new Lakehouse.TableLayoutClauses(spark, environment.Recovery);
        model.Add("vacuum_retain_hours", storage.VacuumRetainHours);
        var backup = Recovery.BackupTarget.Of(environment, lakehouse);
        var backupSql = SqlDialect.Spark(backup?.Catalog ?? catalog);
        model.Add("backup", backup is null ? null : new ScriptObject { ["catalog"] = backup.Catalog, ["url"] = backup.Url, ["location"] = backup.ExternalLocation });
        foreach (var table in contracts.Tables)
        {
            var columns = new ScriptArray(table.Columns.Select(c => new ScriptObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["nullable"] = c.Nullable,
                ["classification"] = c.Classification,
            }));
            var entry = new ScriptObject
            {
                ["layer"] = table.Layer,
                ["table"] = table.Name.Table,
                ["full_name"] = spark.Table(table.Name),
                ["schema"] = $"{spark.Identifier(catalog)}.{spark.Identifier(table.Layer)}",
                // One storage layout: the environment's storage account, one container per layer (docs/data-decisions.md).
                ["schema_location"] = lakehouse.Layer(table.Layer) is { } layer
                    ? LakehouseDeclaration.SchemaLocation(layer, environment.Names.StorageAccount, catalog)
                    : LakehouseDeclaration.ContainerUrl(table.Layer, environment.Names.StorageAccount) + catalog,
                ["keys"] = new ScriptArray(table.Keys),
                ["columns"] = columns,
                ["ddl_columns"] = string.Join(", ", table.Columns.Select(c => $"{spark.Identifier(c.Name)} {c.Type.ToUpperInvariant()}{(c.Nullable ? "" : " NOT NULL")}")),
                ["merge_condition"] = string.Join(" AND ", table.Keys.Select(k => $"target.{spark.Identifier(k)} = source.{spark.Identifier(k)}")),
            };
            AddStorage(entry, table, storage, backup, backupSql);
            tables[$"{table.Layer}_{table.Name.Table}"] = entry;
            tableList.Add(entry);
        }

        model.Add("tables", tables);
        model.Add("table_list", tableList);
        LakehouseScript.Add(model, lakehouse, environment);
        var quality = new ScriptObject();
        foreach (var layer in lakehouse.LayerNames)
        {
            var plans = contracts.InLayer(layer).Select(t => QualityCompiler.Compile(t, spark)).ToList();
            quality[layer] = new ScriptArray(plans.Select(plan => new ScriptObject
            {
                ["table"] = plan.Contract.Name.ToString(),
                ["full_name"] = spark.Table(plan.Contract.Name),
                ["queries"] = new ScriptArray(plan.Queries),
                ["rules"] = new ScriptArray(plan.Rules.Select(r => new ScriptObject
                {
                    ["id"] = r.Rule.Id,
                    ["kind"] = r.Rule.Kind.ToString(),
                    ["severity"] = r.Rule.Severity.ToString().ToLowerInvariant(),
                    ["threshold"] = r.Rule.Threshold,
                    ["query"] = r.Query,
                    ["failing"] = r.FailingColumn,
                    ["observed"] = r.ObservedColumn,
                })),
            }));
        }

        model.Add("quality", quality);
        return model;
    }

    /// <summary>
    /// Template-local values: a <c>profile</c> given by key becomes the model's cluster profile object, and the policy's
    /// <c>workload_class</c> the class's values (null: the profile's own policy, for critical jobs).
    /// </summary>
    private static ScriptObject? Resolve(ScriptObject? locals, ScriptObject model, EnvironmentDefinition environment)
    {
        if (locals is null || !locals.TryGetValue("profile", out var key) || key is not string profileKey)
        {
            return locals;
        }

        var profiles = (ScriptArray)model["cluster_profiles"]!;
        return new ScriptObject
        {
            ["profile"] = profiles.OfType<ScriptObject>().First(p => Equals(p["key"], profileKey)),
            ["workload_class"] = WorkloadScript.Class(environment, locals.TryGetValue("workload_class", out var cls) ? cls as string : null),
        };
    }

    private static string Target(EnvironmentArtifacts artifacts, string kind, string output) => Path.GetFullPath(kind switch
    {
        "notebook" => Path.Combine(artifacts.Notebooks, output),
        "job" => Path.Combine(artifacts.Jobs, output),
        _ => Path.Combine(artifacts.Policies, output),
    });

    private static IEnumerable<string> Outputs(EnvironmentArtifacts artifacts, IEnumerable<RenderSource> templates) =>
        templates.Select(t => Target(artifacts, t.Kind, t.Output));

    private IEnumerable<string> Sources(string folder, bool recursive)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*" + TemplateExtension, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('_')))
            .Order(StringComparer.Ordinal);
    }

    private static string Strip(string relative) => relative.Replace('\\', '/')[..^TemplateExtension.Length];

    /// <summary>The outputs' hashes, so a hand-edited or deleted artifact is rendered again.</summary>
    private string OutputStamp(IEnumerable<string> outputs) =>
        string.Concat(outputs.Order(StringComparer.Ordinal).Select(o => layout.Display(o) + " " + (File.Exists(o) ? GeneratedFiles.Sha256OfFile(o) : "missing") + "\n"));

    /// <summary>A hash of every input a render reads: templates, partials, contracts, the environment file and the toolkit build.</summary>
    private string InputStamp(EnvironmentDefinition environment)
    {
        var files = new[] { layout.Notebooks, layout.Jobs, layout.Contracts }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Concat(new EnvironmentCatalog(layout.Environments).FilesOf(environment.Name))
            .Append(layout.Lakehouse)
            .Append(layout.Governance)
            .Append(typeof(WorkspaceRenderer).Assembly.Location)
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);
        var lines = files.Select(f => layout.Display(f) + " " + GeneratedFiles.Sha256OfFile(f));
        return GeneratedFiles.Sha256(string.Join("\n", lines)) + "\n";
    }
}
