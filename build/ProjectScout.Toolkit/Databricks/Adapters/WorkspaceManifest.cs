using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>What the toolkit saw of one notebook right after it last wrote or verified it.</summary>
public sealed record NotebookManifestEntry(string Path, string Hash, long ObjectId, long ModifiedAt);

/// <summary>When a job's grants were last read and found as declared (or written), for the job with that id.</summary>
public sealed record JobGrantRead(long JobId, long ReadAt);

/// <summary>One notebook as <c>workspace/list</c> reports it: its object id and, when the service gives one, its modification time.</summary>
public sealed record LiveNotebook(long ObjectId, long? ModifiedAt);

/// <summary>
/// A small file in the notebook root the toolkit owns, holding what saves reads on the next deploy:
/// <list type="bullet">
/// <item>per notebook, the content hash it wrote and the object id and modified time the service reported afterwards.
/// While the live metadata still equals the entry, the live content is what the toolkit wrote, so no export is needed;</item>
/// <item>per job key, the job id and when its grants were last read and found as declared (kept only while the jobs'
/// grants are read in turn, <see cref="JobPermissionRotation"/>).</item>
/// </list>
/// It is only a cache: when it is missing or unreadable every notebook is exported and every job's grants are read,
/// which costs requests but never correctness (objects are found by path and tag, never by manifest).
/// </summary>
public sealed class WorkspaceManifest
{
    public const string FileName = ".projectscout-manifest.json";
    private const int Version = 1;

    public static readonly WorkspaceManifest Empty = new([], new Dictionary<string, JobGrantRead>());

    public WorkspaceManifest(IEnumerable<NotebookManifestEntry> notebooks, IReadOnlyDictionary<string, JobGrantRead> jobGrantReads)
    {
        Notebooks = notebooks.ToDictionary(e => e.Path, StringComparer.Ordinal);
        JobGrantReads = new SortedDictionary<string, JobGrantRead>(jobGrantReads.ToDictionary(), StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, NotebookManifestEntry> Notebooks { get; }

    /// <summary>Job key → the job id and when its grants were last read and found as declared (Unix milliseconds).</summary>
    public IReadOnlyDictionary<string, JobGrantRead> JobGrantReads { get; }

    /// <summary>This manifest with its notebook section replaced.</summary>
    public WorkspaceManifest WithNotebooks(IEnumerable<NotebookManifestEntry> notebooks) => new(notebooks, JobGrantReads);

    /// <summary>This manifest with its job grant section replaced.</summary>
    public WorkspaceManifest WithJobGrantReads(IReadOnlyDictionary<string, JobGrantRead> reads) => new(Notebooks.Values, reads);

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
            var reads = new Dictionary<string, JobGrantRead>(StringComparer.Ordinal);
            foreach (var (key, value) in root["job_grant_reads"] as JsonObject ?? [])
            {
                reads[key] = value?["job_id"]?.GetValue<long>() is { } jobId && value["read_at"]?.GetValue<long>() is { } readAt
                    ? new JobGrantRead(jobId, readAt)
                    : throw new FormatException(key);
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
        if (JobGrantReads.Count > 0)
        {
            root["job_grant_reads"] = new JsonObject(JobGrantReads.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)new JsonObject
            {
                ["job_id"] = r.Value.JobId,
                ["read_at"] = r.Value.ReadAt,
            })));
        }

        var json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return Encoding.UTF8.GetBytes(json.Replace("\r\n", "\n") + "\n");
    }

    /// <summary>True when both hold exactly the same entries (then there is nothing to rewrite).</summary>
    public bool SameAs(WorkspaceManifest other) =>
        Notebooks.Count == other.Notebooks.Count && other.Notebooks.All(e => Notebooks.TryGetValue(e.Key, out var mine) && mine == e.Value)
        && JobGrantReads.Count == other.JobGrantReads.Count
        && other.JobGrantReads.All(r => JobGrantReads.TryGetValue(r.Key, out var mine) && mine == r.Value);
}
