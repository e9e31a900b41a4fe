using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

// Unity Catalog external locations: an abfss URL of a lake container through a storage credential, validated like the
// service does (file events need a queue unless turned off, no overlap, the credential's connector holds the data role
// on that account unless skip_validation).
internal sealed partial class DatabricksStore
{
    // ---------------------------------------------------------------- external locations

    public JsonObject CreateExternalLocation(JsonObject body) => Write(() =>
    {
        RequireMetastore();
        var name = RequiredName(body);
        if (Uc.ExternalLocations.ContainsKey(name))
        {
            throw new SandboxApiException(409, "EXTERNAL_LOCATION_ALREADY_EXISTS", $"External Location '{name}' already exists");
        }

        var record = new ExternalLocationRecord
        {
            Name = name,
            Url = (string?)body["url"] ?? throw Invalid("Missing required field: url"),
            CredentialName = (string?)body["credential_name"] ?? throw Invalid("Missing required field: credential_name"),
            EnableFileEvents = body["enable_file_events"] is null || Flag(body, "enable_file_events"),
            Owner = User,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        ApplyStorageAccess(record, body);
        ValidateLocation(record, body);
        Uc.ExternalLocations[name] = record;
        return DescribeLocation(record);
    });

    public JsonObject GetExternalLocation(string name) => Read(() =>
    {
        RequireMetastore();
        return DescribeLocation(FindLocation(name));
    });

    public JsonObject ListExternalLocations((string? MaxResults, string? PageToken) page) => Read(() =>
    {
        RequireMetastore();
        return Paged("external_locations", Uc.ExternalLocations.Values.Select(DescribeLocation), page);
    });

    public JsonObject UpdateExternalLocation(string name, JsonObject body) => Write(() =>
    {
        RequireMetastore();
        var record = FindLocation(name);
        var changed = new ExternalLocationRecord
        {
            Name = record.Name,
            Url = (string?)body["url"] ?? record.Url,
            CredentialName = (string?)body["credential_name"] ?? record.CredentialName,
            EnableFileEvents = body.ContainsKey("enable_file_events") ? Flag(body, "enable_file_events") : record.EnableFileEvents,
            ReadOnly = record.ReadOnly,
            Comment = record.Comment,
            Owner = record.Owner,
            CreatedAt = record.CreatedAt,
            UpdatedAt = Now,
        };
        ApplyStorageAccess(changed, body);
        ValidateLocation(changed, body);
        Uc.ExternalLocations[name] = changed;
        return DescribeLocation(changed);
    });

    public JsonObject DeleteExternalLocation(string name, bool force) => Write(() =>
    {
        RequireMetastore();
        var record = FindLocation(name);
        var dependent = Uc.Catalogs.Values.Select(c => c.StorageRoot).Concat(Uc.Schemas.Values.Select(s => s.StorageRoot))
            .FirstOrDefault(root => root is not null && Covers(record.Url, root));
        if (!force && dependent is not null)
        {
            throw Invalid($"External Location '{name}' has dependent managed storage at '{dependent}'; delete it first or use force=true.");
        }

        Uc.ExternalLocations.Remove(name);
        Uc.Grants.Remove("external_location:" + name);
        return new JsonObject();
    });

    private ExternalLocationRecord FindLocation(string name) => Uc.ExternalLocations.TryGetValue(name, out var record)
        ? record
        : throw new SandboxApiException(404, "EXTERNAL_LOCATION_DOES_NOT_EXIST", $"External Location '{name}' does not exist.");

    private void ValidateLocation(ExternalLocationRecord record, JsonObject body)
    {
        var url = LakeUrl().Match(record.Url);
        if (!url.Success)
        {
            throw Invalid($"Invalid url '{record.Url}': an Azure location is abfss://<container>@<storage account>.dfs.core.windows.net/<path>.");
        }

        if (record.EnableFileEvents && body["file_event_queue"] is null)
        {
            throw Invalid("enable_file_events is true (the default) but file_event_queue is not set: give exactly one of managed_aqs, provided_aqs, …, or set enable_file_events to false.");
        }

        var credential = Uc.StorageCredentials.TryGetValue(record.CredentialName, out var found)
            ? found
            : throw new SandboxApiException(404, "STORAGE_CREDENTIAL_DOES_NOT_EXIST", $"Storage Credential '{record.CredentialName}' does not exist.");
        if (Uc.ExternalLocations.Values.FirstOrDefault(l => l.Name != record.Name && (Covers(l.Url, record.Url) || Covers(record.Url, l.Url))) is { } overlapping)
        {
            throw Invalid($"Input path url '{record.Url}' overlaps with other external location '{overlapping.Name}' ({overlapping.Url}).");
        }

        if (!Flag(body, "skip_validation"))
        {
            ValidateConnector(credential.Name, credential.AccessConnectorId, url.Groups["account"].Value);
        }
    }

    private JsonObject DescribeLocation(ExternalLocationRecord r) => new()
    {
        ["name"] = r.Name,
        ["url"] = r.Url,
        ["credential_name"] = r.CredentialName,
        ["credential_id"] = StableId("credential:" + r.CredentialName),
        ["comment"] = r.Comment,
        ["read_only"] = r.ReadOnly,
        ["enable_file_events"] = r.EnableFileEvents,
        ["fallback"] = false,
        ["owner"] = r.Owner,
        ["isolation_mode"] = "ISOLATION_MODE_OPEN",
        ["metastore_id"] = Uc.MetastoreId,
        ["browse_only"] = false,
        ["created_at"] = r.CreatedAt,
        ["created_by"] = User,
        ["updated_at"] = r.UpdatedAt,
        ["updated_by"] = User,
    };

    [GeneratedRegex("^abfss://(?<container>[a-z0-9-]+)@(?<account>[a-z0-9]+)\\.dfs\\.core\\.windows\\.net(/.*)?$")]
    private static partial Regex LakeUrl();

    /// <summary>Whether <paramref name="path"/> is at or under <paramref name="location"/> (trailing slashes ignored).</summary>
    private static bool Covers(string location, string path)
    {
        var (a, b) = (location.TrimEnd('/'), path.TrimEnd('/'));
        return b == a || b.StartsWith(a + "/", StringComparison.Ordinal);
    }
}
