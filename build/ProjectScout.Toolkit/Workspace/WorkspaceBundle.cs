using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Workspace;

public enum NotebookLanguage
{
    Python,
    Sql,
}

/// <summary>One rendered notebook, ready for workspace/import (format SOURCE).</summary>
/// <param name="RelativePath">Path under the notebook root without extension, forward slashes (e.g. <c>data_quality/bronze_quality</c>).</param>
/// <param name="WorkspacePath">{databricks.notebookRoot}/{RelativePath}.</param>
/// <param name="Language">From the file extension: .py → PYTHON, .sql → SQL.</param>
/// <param name="Content">The exact bytes to import (UTF-8, LF).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Content"/>.</param>
/// <param name="SourceFile">The artifact file it was read from.</param>
public sealed record BundleNotebook(string RelativePath, string WorkspacePath, NotebookLanguage Language, byte[] Content, string Sha256, string SourceFile)
{
    /// <summary>The Workspace API's language name (PYTHON / SQL).</summary>
    public string ApiLanguage => Language == NotebookLanguage.Python ? "PYTHON" : "SQL";
}

/// <summary>One job: the JobSettings object of jobs/create. Tags carry managed_by and projectscout_key.</summary>
public sealed record BundleJob(string Key, JsonObject Settings, string Sha256, string SourceFile)
{
    public string Name => Settings["name"]?.GetValue<string>() ?? Key;
}

/// <summary>One cluster policy. The API wants <see cref="Definition"/> serialised as a string (see <see cref="DefinitionJson"/>).</summary>
public sealed record BundlePolicy(string Key, string Name, string Description, JsonObject Definition, string Sha256, string SourceFile)
{
    /// <summary>The definition as the compact JSON string the Cluster Policies API expects.</summary>
    public string DefinitionJson => Definition.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>What a job cluster writes in policy_id before the deployer resolves the real id.</summary>
    public string Placeholder => WorkspaceBundle.PolicyPlaceholderPrefix + Key;
}

/// <summary>
/// The rendered Databricks workspace content of one environment (artifacts/&lt;env&gt;/notebooks, jobs, policies),
/// read back into typed records. This is the contract between rendering (data) and the deploy reconciler.
/// Ordering is stable (ordinal by key / workspace path).
/// </summary>
public sealed class WorkspaceBundle
{
    public const string ManagedByTag = "managed_by";
    public const string ManagedByValue = "projectscout-build";
    public const string KeyTag = "projectscout_key";
    public const string PolicyPlaceholderPrefix = "policy:";

    /// <summary>Every rendered notebook says so in its header (notebooks/_shared/header.py.scriban): how a notebook the project made is told from one a user put under the root.</summary>
    public const string RenderedMarker = "Rendered by ProjectScout.Build";

    public required string NotebookRoot { get; init; }
    public required IReadOnlyList<BundleNotebook> Notebooks { get; init; }
    public required IReadOnlyList<BundleJob> Jobs { get; init; }
    public required IReadOnlyList<BundlePolicy> Policies { get; init; }

    /// <summary>
    /// Reads the artifacts. <paramref name="notebookRoot"/> is the environment's databricks.notebookRoot (no trailing slash);
    /// every problem (bad JSON, bad key, missing tags) is collected and thrown once.
    /// </summary>
    public static WorkspaceBundle Load(EnvironmentArtifacts artifacts, EnvironmentDefinition environment) =>
        Load(artifacts, environment.Databricks.NotebookRoot);

    public static WorkspaceBundle Load(EnvironmentArtifacts artifacts, string notebookRoot)
    {
        var notebooks = Directory.Exists(artifacts.Notebooks) ? Directory.EnumerateFiles(artifacts.Notebooks, "*", SearchOption.AllDirectories) : [];
        var json = new[] { artifacts.Jobs, artifacts.Policies }.Where(Directory.Exists).SelectMany(folder => Directory.EnumerateFiles(folder, "*.json"));
        return FromFiles(artifacts, notebookRoot, notebooks.Concat(json).ToDictionary(f => f, File.ReadAllBytes, StringComparer.Ordinal));
    }

    /// <summary>
    /// The bundle of files given by absolute path and content (as a render holds them in memory, or as read from disk):
    /// notebooks under <see cref="EnvironmentArtifacts.Notebooks"/>, jobs and policies directly in their folders.
    /// </summary>
    public static WorkspaceBundle FromFiles(EnvironmentArtifacts artifacts, string notebookRoot, IReadOnlyDictionary<string, byte[]> files)
    {
        var problems = new List<Problem>();
        var root = "/" + notebookRoot.Trim('/');
        var notebooks = new List<BundleNotebook>();
        var notebookFolder = Path.GetFullPath(artifacts.Notebooks) + Path.DirectorySeparatorChar;
        foreach (var file in files.Keys.Where(f => Path.GetFullPath(f).StartsWith(notebookFolder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file).ToLowerInvariant();
            NotebookLanguage? language = extension switch
            {
                ".py" => NotebookLanguage.Python,
                ".sql" => NotebookLanguage.Sql,
                _ => null,
            };
            if (language is null)
            {
                continue; // stamps and other side files are not notebooks
            }

            var relative = Path.GetRelativePath(artifacts.Notebooks, file).Replace('\\', '/');
            relative = relative[..^extension.Length];
            var bytes = files[file];
            var expectedHeader = language == NotebookLanguage.Python ? "# Databricks notebook source" : "-- Databricks notebook source";
            if (!System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 64)).StartsWith(expectedHeader, StringComparison.Ordinal))
            {
                problems.Add(new Problem(file, 1, 1, "bundle.notebook-header", $"notebook must start with '{expectedHeader}' (Databricks SOURCE format)"));
            }

            notebooks.Add(new BundleNotebook(relative, root + "/" + relative, language.Value, bytes, GeneratedFiles.Sha256(bytes), file));
        }

        var jobs = new List<BundleJob>();
        foreach (var (key, json, bytes, file) in ReadJsonFolder(artifacts.Jobs, files, problems))
        {
            var tags = json["tags"] as JsonObject;
            if (tags?[ManagedByTag]?.GetValue<string>() != ManagedByValue || tags[KeyTag]?.GetValue<string>() != key)
            {
                problems.Add(new Problem(file, 0, 0, "bundle.job-tags", $"tags must contain \"{ManagedByTag}\": \"{ManagedByValue}\" and \"{KeyTag}\": \"{key}\""));
            }

            jobs.Add(new BundleJob(key, json, GeneratedFiles.Sha256(bytes), file));
        }

        var policies = new List<BundlePolicy>();
        foreach (var (key, json, bytes, file) in ReadJsonFolder(artifacts.Policies, files, problems))
        {
            var name = json["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
            var description = json["description"] is JsonValue d && d.TryGetValue<string>(out var ds) ? ds : "";
            if (name is null || json["definition"] is not JsonObject definition)
            {
                problems.Add(new Problem(file, 0, 0, "bundle.policy-shape", "policy file must be {\"name\": string, \"description\": string, \"definition\": object}"));
                continue;
            }

            policies.Add(new BundlePolicy(key, name, description, definition, GeneratedFiles.Sha256(bytes), file));
        }

        ProblemsException.ThrowIfAny(problems);
        return new WorkspaceBundle
        {
            NotebookRoot = root,
            Notebooks = notebooks.OrderBy(n => n.WorkspacePath, StringComparer.Ordinal).ToList(),
            Jobs = jobs.OrderBy(j => j.Key, StringComparer.Ordinal).ToList(),
            Policies = policies.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>True for a key the artifacts may use: lowercase [a-z0-9_-], starting with a letter or digit.</summary>
    public static bool IsValidKey(string key) =>
        key.Length > 0 && char.IsAsciiLetterOrDigit(key[0]) && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');

    private static IEnumerable<(string Key, JsonObject Json, byte[] Bytes, string File)> ReadJsonFolder(string folder, IReadOnlyDictionary<string, byte[]> files, List<Problem> problems)
    {
        var full = Path.GetFullPath(folder);
        foreach (var file in files.Keys.Where(f => Path.GetDirectoryName(Path.GetFullPath(f)) == full && f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var key = Path.GetFileNameWithoutExtension(file);
            if (!IsValidKey(key))
            {
                problems.Add(new Problem(file, 0, 0, "bundle.key", $"'{key}' is not a valid key (lowercase letters, digits, '_' and '-')"));
                continue;
            }

            var bytes = files[file];
            JsonObject? json = null;
            try
            {
                json = JsonNode.Parse(bytes) as JsonObject;
            }
            catch (JsonException ex)
            {
                problems.Add(new Problem(file, (int)(ex.LineNumber ?? -1) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, "bundle.json", ex.Message));
                continue;
            }

            if (json is null)
            {
                problems.Add(new Problem(file, 1, 1, "bundle.json", "expected a JSON object"));
                continue;
            }

            yield return (key, json, bytes, file);
        }
    }
}
