using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Release;

/// <summary>
/// manifest.json at the root of a release zip: what was built, from which commit, with which tools, and the SHA-256 of
/// every other file in the zip. A release is valid only when the zip holds exactly these files with exactly these hashes.
/// </summary>
public sealed record ReleaseManifest(ReleaseIdentity Identity, IReadOnlyList<string> Environments, IReadOnlyDictionary<string, string> Files)
{
    public const string FileName = "manifest.json";
    public const int SchemaVersion = 1;

    public string ToJson()
    {
        var files = new JsonObject();
        foreach (var (path, sha) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            files[path] = sha;
        }

        var json = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["version"] = Identity.Version,
            ["commit"] = Identity.Commit,
            ["toolkitVersion"] = Identity.ToolkitVersion,
            ["bicepVersion"] = Identity.BicepVersion,
            ["environments"] = new JsonArray(Environments.Order(StringComparer.Ordinal).Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
            ["files"] = files,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Parses a manifest; returns null and a reason when it is not one this toolkit understands.</summary>
    public static (ReleaseManifest? Manifest, string? Error) TryParse(byte[] bytes)
    {
        try
        {
            if (JsonNode.Parse(bytes) is not JsonObject json)
            {
                return (null, "manifest.json is not a JSON object");
            }

            if ((int?)json["schemaVersion"] != SchemaVersion)
            {
                return (null, $"manifest.json schemaVersion must be {SchemaVersion}");
            }

            string Text(string key) => json[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"manifest.json has no string '{key}'");
            var identity = new ReleaseIdentity(Text("version"), Text("commit"), Text("toolkitVersion"), Text("bicepVersion"));
            var environments = (json["environments"] as JsonArray ?? throw new FormatException("manifest.json has no 'environments' array"))
                .Select(e => e?.GetValue<string>() ?? throw new FormatException("manifest.json 'environments' holds a non-string")).ToList();
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (path, sha) in json["files"] as JsonObject ?? throw new FormatException("manifest.json has no 'files' object"))
            {
                files[path] = sha?.GetValue<string>() ?? throw new FormatException($"manifest.json files['{path}'] is not a string");
            }

            return (new ReleaseManifest(identity, environments, files), null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return (null, ex.Message);
        }
    }
}
