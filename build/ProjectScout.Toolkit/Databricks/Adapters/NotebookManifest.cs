using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using ProjectScout.Model.Databricks;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>What the toolkit saw of one notebook right after it last wrote or verified it.</summary>
public sealed record NotebookManifestEntry(string Path, string Hash, long ObjectId, long ModifiedAt);

/// <summary>One notebook as <c>workspace/list</c> reports it: its object id and, when the service gives one, its modification time.</summary>
public sealed record LiveNotebook(long ObjectId, long? ModifiedAt);

/// <summary>
/// A small file in the notebook root the toolkit owns: per notebook, the content hash it wrote and the object id and
/// modified time the service reported afterwards. While the live metadata still equals the entry, the live content is
/// what the toolkit wrote, so no export is needed. It is only a cache: when it is missing or unreadable every notebook
/// is exported and compared, which costs requests but never correctness (notebooks are found by path, not by manifest).
/// </summary>
public sealed class NotebookManifest
{
    public const string FileName = ".projectscout-manifest.json";
    private const int Version = 1;

    public NotebookManifest(IEnumerable<NotebookManifestEntry> entries) =>
        Entries = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, NotebookManifestEntry> Entries { get; }

    public static string PathUnder(string root) => root.TrimEnd('/') + "/" + FileName;

    /// <summary>The manifest in <paramref name="root"/>, or null when it is missing or cannot be read.</summary>
    public static async Task<NotebookManifest?> ReadAsync(DatabricksClient client, string root, CancellationToken ct)
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

    /// <summary>Null for missing, malformed or foreign content: the caller falls back to exporting every notebook.</summary>
    public static NotebookManifest? Parse(byte[]? content)
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

            return entries.Select(e => e.Path).Distinct(StringComparer.Ordinal).Count() == entries.Count ? new NotebookManifest(entries) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Sorted by path, LF-terminated: the same entries always give the same bytes.</summary>
    public byte[] Serialize()
    {
        var notebooks = new JsonArray(Entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal).Select(e => (JsonNode)new JsonObject
        {
            ["path"] = e.Path,
            ["hash"] = e.Hash,
            ["object_id"] = e.ObjectId,
            ["modified_at"] = e.ModifiedAt,
        }).ToArray());
        var json = new JsonObject { ["version"] = Version, ["notebooks"] = notebooks }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return Encoding.UTF8.GetBytes(json.Replace("\r\n", "\n") + "\n");
    }

    /// <summary>True when both hold exactly the same entries (then a no-change deploy need not rewrite it).</summary>
    public bool SameAs(IReadOnlyDictionary<string, NotebookManifestEntry> entries) =>
        Entries.Count == entries.Count && entries.All(e => Entries.TryGetValue(e.Key, out var mine) && mine == e.Value);
}
