using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>What the toolkit saw of one notebook right after it last wrote or verified it.</summary>
public sealed record NotebookManifestEntry(string Path, string Hash, long ObjectId, long ModifiedAt);

/// <summary>One notebook as <c>workspace/list</c> reports it: its object id and, when the service gives one, its modification time.</summary>
public sealed record LiveNotebook(long ObjectId, long? ModifiedAt);

/// <summary>
/// A small file in the notebook root the toolkit owns, holding what saves reads on the next deploy:
/// <list type="bullet">
/// <item>per notebook, the content hash it wrote and the object id and modified time the service reported afterwards.
/// While the live metadata still equals the entry, the live content is what the toolkit wrote, so no export is needed;</item>
/// <item>per job key, when its grants were last read and found as declared (kept only while the jobs' grants are read
/// in turn, <see cref="JobPermissionRotation"/>).</item>
/// </list>
/// It is only a cache: when it is missing or unreadable every notebook is exported and every job's grants are read,
/// which costs requests but never correctness (objects are found by path and tag, never by manifest).
/// </summary>
public sealed class WorkspaceManifest
{
    public const string FileName = ".projectscout-manifest.json";
    private const int Version = 1;

    public static readonly WorkspaceManifest Empty = new([], new Dictionary<string, long>());

    public WorkspaceManifest(IEnumerable<NotebookManifestEntry> notebooks, IReadOnlyDictionary<string, long> jobPermissionsReadAt)
    {
        Notebooks = notebooks.ToDictionary(e => e.Path, StringComparer.Ordinal);
        JobPermissionsReadAt = new SortedDictionary<string, long>(jobPermissionsReadAt.ToDictionary(), StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, NotebookManifestEntry> Notebooks { get; }

    /// <summary>Job key → when its grants were last read and found as declared (Unix milliseconds).</summary>
    public IReadOnlyDictionary<string, long> JobPermissionsReadAt { get; }

    public static string PathUnder(string root) => root.TrimEnd('/') + "/" + FileName;

    /// <summary>The manifest in <paramref name="root"/>, or null when it is missing or cannot be read.</summary>
    public static async Task<WorkspaceManifest?> ReadAsync(DatabricksClient client, string root, CancellationToken ct)
    {
        try
        {
            return Parse(await client.ExportAsync(PathUnder(root), ct, format: "RAW"));
        }
        catch (DatabricksApiException)
        {
            return null;
        }
    }

    public Task WriteAsync(DatabricksClient client, string root, CancellationToken ct) =>
        client.ImportFileAsync(PathUnder(root), Serialize(), ct);

    /// <summary>Null for missing, malformed or foreign content: the caller falls back to reading everything.</summary>
    public static WorkspaceManifest? Parse(byte[]? content)
    {
        if (content is null || content.Length == 0)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(content) is not JsonObject root || (int?)root["version"] != Version || root["notebooks"] is not JsonArray notebooks)
            {
                return null;
            }

            var entries = new List<NotebookManifestEntry>();
            foreach (var item in notebooks)
            {
                if (item?["path"]?.GetValue<string>() is not { } path || item["hash"]?.GetValue<string>() is not { } hash
                    || item["object_id"]?.GetValue<long>() is not { } id || item["modified_at"]?.GetValue<long>() is not { } modified)
                {
                    return null;
                }

                entries.Add(new NotebookManifestEntry(path, hash, id, modified));
            }

            // Absent in a manifest written before the jobs' grants were read in turn: every job counts as unread.
            var reads = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, value) in root["job_permissions_read_at"] as JsonObject ?? [])
            {
                reads[key] = value?.GetValue<long>() ?? throw new FormatException(key);
            }

            return entries.Select(e => e.Path).Distinct(StringComparer.Ordinal).Count() == entries.Count ? new WorkspaceManifest(entries, reads) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Sorted, LF-terminated: the same entries always give the same bytes.</summary>
    public byte[] Serialize()
    {
        var notebooks = new JsonArray(Notebooks.Values.OrderBy(e => e.Path, StringComparer.Ordinal).Select(e => (JsonNode)new JsonObject
        {
            ["path"] = e.Path,
            ["hash"] = e.Hash,
            ["object_id"] = e.ObjectId,
            ["modified_at"] = e.ModifiedAt,
        }).ToArray());
        var root = new JsonObject { ["version"] = Version, ["notebooks"] = notebooks };
        if (JobPermissionsReadAt.Count > 0)
        {
            root["job_permissions_read_at"] = new JsonObject(JobPermissionsReadAt.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value)));
        }

        var json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return Encoding.UTF8.GetBytes(json.Replace("\r\n", "\n") + "\n");
    }

    /// <summary>True when both hold exactly the same entries (then there is nothing to rewrite).</summary>
    public bool SameAs(WorkspaceManifest other) =>
        Notebooks.Count == other.Notebooks.Count && other.Notebooks.All(e => Notebooks.TryGetValue(e.Key, out var mine) && mine == e.Value)
        && JobPermissionsReadAt.Count == other.JobPermissionsReadAt.Count
        && other.JobPermissionsReadAt.All(r => JobPermissionsReadAt.TryGetValue(r.Key, out var mine) && mine == r.Value);
}
