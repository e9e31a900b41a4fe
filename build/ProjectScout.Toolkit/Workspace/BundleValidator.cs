using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json;
using NJsonSchema;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Workspace;

/// <summary>
/// Offline checks of a rendered bundle: Jobs API schema (unknown fields are errors), task graph, notebook references,
/// cron, cluster-policy conformance, the 10 MB import limit, and that every Python notebook parses.
/// A problem points at the template line when the offending text can be found there, else at the artifact line.
/// </summary>
public sealed partial class BundleValidator(ToolkitLayout layout, Func<string, string?> templateOf)
{
    private readonly Lazy<JsonSchema> _jobSchema = new(() => LoadSchema("job-settings.schema.json", layout));
    private readonly Lazy<JsonSchema> _policySchema = new(() => LoadSchema("cluster-policy.schema.json", layout));

    public IReadOnlyList<Problem> Validate(WorkspaceBundle bundle)
    {
        var problems = new List<Problem>();
        foreach (var job in bundle.Jobs)
        {
            Schema(_jobSchema.Value, job.SourceFile, problems);
            Graph(job, bundle, problems);
            Operations(job, problems);
        }

        foreach (var policy in bundle.Policies)
        {
            Schema(_policySchema.Value, policy.SourceFile, problems);
        }

        foreach (var notebook in bundle.Notebooks)
        {
            var encoded = WorkspaceLimits.EncodedSize(notebook.Content.LongLength);
            if (encoded > WorkspaceLimits.ImportBytes)
            {
                problems.Add(new Problem(Show(notebook.SourceFile), 0, 0, "bundle.notebook-size", $"notebook is {encoded:N0} bytes base64-encoded; workspace/import accepts at most {WorkspaceLimits.ImportBytes:N0}"));
            }
        }

        return problems;
    }

    /// <summary>Parses every Python notebook of every bundle with python3's ast in ONE process; Databricks magics are handled per cell.</summary>
    public IReadOnlyList<Problem> ParsePython(IEnumerable<BundleNotebook> notebooks, string python = "python3")
    {
        var items = new JsonArray(notebooks.Where(n => n.Language == NotebookLanguage.Python)
            .Select(n => (JsonNode)new JsonObject { ["file"] = n.SourceFile, ["source"] = System.Text.Encoding.UTF8.GetString(n.Content) }).ToArray());
        if (items.Count == 0)
        {
            return [];
        }

        var start = new ProcessStartInfo(python, ["-c", PythonChecker])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new ToolkitException("Could not start python3; install Python 3 to check notebooks.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(items.ToJsonString());
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new ToolkitException("python3 notebook check failed: " + error.Result.Trim());
        }

        return JsonNode.Parse(output.Result)!.AsArray().Select(p =>
        {
            var file = p!["file"]!.GetValue<string>();
            var line = p["line"]!.GetValue<int>();
            var message = p["message"]!.GetValue<string>();
            // Point at the template line that produced the offending text when it can be found there.
            var text = File.Exists(file) ? File.ReadLines(file).Skip(line - 1).FirstOrDefault()?.Trim() : null;
            return string.IsNullOrEmpty(text)
                ? new Problem(Show(file), line, p["column"]!.GetValue<int>(), "notebook.python-syntax", message)
                : Locate(file, text, line, "notebook.python-syntax", message);
        }).ToList();
    }

    private void Schema(JsonSchema schema, string file, List<Problem> problems)
    {
        foreach (var error in Flatten(schema.Validate(File.ReadAllText(file))))
        {
            var what = error.Kind switch
            {
                NJsonSchema.Validation.ValidationErrorKind.NoAdditionalPropertiesAllowed => $"unknown field '{error.Property}' (misspelt, or not a Jobs API field we use)",
                _ => $"{error.Kind} at {error.Path}",
            };
            var needle = error.Property is null ? null : $"\"{error.Property}\"";
            problems.Add(Locate(file, needle, error.LineNumber, "bundle.schema", what));
        }
    }

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? child.Errors.Values.SelectMany(Flatten).DefaultIfEmpty(e)
            : [e]);

    private void Graph(BundleJob job, WorkspaceBundle bundle, List<Problem> problems)
    {
        var settings = job.Settings;
        var clusters = (settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var clusterKeys = clusters.Select(c => c["job_cluster_key"]?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal);
        var tasks = (settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var key = task["task_key"]?.GetValue<string>() ?? "";
            if (edges.ContainsKey(key))
            {
                problems.Add(Locate(job.SourceFile, $"\"task_key\": \"{key}\",", 0, "job.task-key-duplicate", $"task key '{key}' is used twice in job {job.Key}"));
                continue;
            }

            edges[key] = (task["depends_on"] as JsonArray ?? []).Select(d => d?["task_key"]?.GetValue<string>() ?? "").ToList();
            var cluster = task["job_cluster_key"]?.GetValue<string>();
            if (cluster is not null && !clusterKeys.Contains(cluster))
            {
                problems.Add(Locate(job.SourceFile, $"\"job_cluster_key\": \"{cluster}\"", 0, "job.unknown-cluster", $"task '{key}' uses job_cluster_key '{cluster}', which job {job.Key} does not declare (declared: {string.Join(", ", clusterKeys.Order(StringComparer.Ordinal))})"));
            }

            var path = task["notebook_task"]?["notebook_path"]?.GetValue<string>();
            if (path is not null && bundle.Notebooks.All(n => n.WorkspacePath != path))
            {
                problems.Add(Locate(job.SourceFile, path[(path.LastIndexOf('/') + 1)..], 0, "job.unknown-notebook", $"task '{key}' runs notebook '{path}', which is not rendered (rendered: {string.Join(", ", bundle.Notebooks.Select(n => n.WorkspacePath))})"));
            }
        }

        foreach (var (key, dependencies) in edges)
        {
            foreach (var dependency in dependencies.Where(d => !edges.ContainsKey(d)))
            {
                problems.Add(Locate(job.SourceFile, $"\"task_key\": \"{dependency}\"", 0, "job.unknown-dependency", $"task '{key}' depends on '{dependency}', which is not a task of job {job.Key}"));
            }
        }

        var cycle = FindCycle(edges);
        if (cycle is not null)
        {
            problems.Add(Locate(job.SourceFile, $"\"task_key\": \"{cycle[0]}\",", 0, "job.cycle", $"tasks of job {job.Key} depend on each other in a cycle: {string.Join(" -> ", cycle)}"));
        }

        if (settings["schedule"]?["quartz_cron_expression"]?.GetValue<string>() is { } cron && QuartzCron.Explain(cron) is { } why)
        {
            problems.Add(Locate(job.SourceFile, "quartz_cron_expression", 0, "job.cron", $"schedule '{cron}' is not a Quartz cron expression: {why}"));
        }

        foreach (var cluster in clusters)
        {
            Conformance(job, cluster, bundle, problems);
        }
    }

    private void Conformance(BundleJob job, JsonObject jobCluster, WorkspaceBundle bundle, List<Problem> problems)
    {
        var clusterKey = jobCluster["job_cluster_key"]?.GetValue<string>() ?? "";
        var spec = jobCluster["new_cluster"] as JsonObject ?? [];
        var policyId = spec["policy_id"]?.GetValue<string>();
        var policy = policyId is not null && policyId.StartsWith(WorkspaceBundle.PolicyPlaceholderPrefix, StringComparison.Ordinal)
            ? bundle.Policies.FirstOrDefault(p => p.Key == policyId[WorkspaceBundle.PolicyPlaceholderPrefix.Length..])
            : null;
        if (policy is null)
        {
            problems.Add(Locate(job.SourceFile, "\"policy_id\"", 0, "job.policy", $"job cluster '{clusterKey}' must reference a rendered policy as \"policy_id\": \"policy:<key>\" (found '{policyId}')"));
            return;
        }

        // The rendered spec must state what the policy fixes: the job file is what reviewers read.
        foreach (var violation in ClusterPolicyEvaluator.Evaluate(policy.Definition, spec, PolicyStrictness.Declared))
        {
            problems.Add(Locate(job.SourceFile, $"\"{violation.Attribute.Split('.')[^1]}\"", 0, "job.policy-conformance",
                $"job cluster '{clusterKey}' does not conform to policy {policy.Key}: {violation.Attribute} = {violation.ShownActual} {violation.Expectation}"));
        }
    }

    internal static List<string>? FindCycle(Dictionary<string, List<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!edges.ContainsKey(next))
                {
                    continue;
                }

                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. stack[stack.IndexOf(next)..], next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>The problem at the template line containing <paramref name="needle"/>, else at the artifact line.</summary>
    private Problem Locate(string artifact, string? needle, int artifactLine, string code, string message)
    {
        var template = templateOf(artifact);
        if (needle is not null && template is not null && FindLine(template, needle) is { } templateLine)
        {
            // Located at the template line: the same mistake rendered for several environments is one problem.
            return new Problem(Show(template), templateLine, 1, code, message);
        }

        if (needle is not null && artifactLine == 0)
        {
            artifactLine = FindLine(artifact, needle) ?? 0;
        }

        return new Problem(Show(artifact), artifactLine, 1, code, message + (template is null ? "" : $" (from {Show(template)})"));
    }

    private static int? FindLine(string file, string needle)
    {
        var lines = File.ReadAllLines(file);
        var compact = needle.Replace(" ", "", StringComparison.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(needle, StringComparison.Ordinal) || lines[i].Replace(" ", "", StringComparison.Ordinal).Contains(compact, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    private string Show(string path) => layout.Display(path);

    private static JsonSchema LoadSchema(string name, ToolkitLayout layout) =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(layout.Jobs, "schema", name))).GetAwaiter().GetResult();

    // Splits a SOURCE notebook into cells; cells made only of "# MAGIC" lines are parsed when they are %python, skipped otherwise.
    private const string PythonChecker = """
import ast, json, sys
out = []
for item in json.load(sys.stdin):
    lines = item["source"].split("\n")
    cells, start = [], 0
    for index, line in enumerate(lines):
        if line.strip() == "# COMMAND ----------":
            cells.append((start, lines[start:index]))
            start = index + 1
    cells.append((start, lines[start:]))
    for start, cell in cells:
        content = [l for l in cell if l.strip()]
        if content and all(l.startswith("# MAGIC") for l in content):
            body = [l[8:] if l.startswith("# MAGIC ") else l[7:] for l in cell]
            first = next((l.strip() for l in body if l.strip()), "")
            if not first.startswith("%python"):
                continue
            code = "\n".join("" if l.strip().startswith("%python") else l for l in body)
        else:
            code = "\n".join(cell)
        try:
            ast.parse(code)
        except SyntaxError as error:
            out.append({"file": item["file"], "line": start + (error.lineno or 1), "column": error.offset or 1, "message": "Python does not parse: " + str(error.msg)})
print(json.dumps(out))
""";
}
