using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks;

// Unity Catalog grants (/api/2.1/unity-catalog/permissions) and the table reads that verify masks and row filters.
public sealed partial class DatabricksClient
{
    /// <summary>Direct grants on a securable (principal → privileges); null when the securable does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>?> GetGrantsAsync(string securableType, string fullName, CancellationToken ct = default)
    {
        var body = await GetAsync($"api/2.1/unity-catalog/permissions/{securableType}/{Uri.EscapeDataString(fullName)}", $"permissions/get {securableType} {fullName}", ct, allowNotFound: true);
        return body is null ? null : Assignments(body);
    }

    /// <summary>PATCH: adds and removes privileges per principal (set operations, so a repeat is harmless); returns the direct grants after.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> UpdateGrantsAsync(string securableType, string fullName,
        IEnumerable<(string Principal, IReadOnlyList<string> Add, IReadOnlyList<string> Remove)> changes, CancellationToken ct = default)
    {
        var array = new JsonArray();
        foreach (var (principal, add, remove) in changes)
        {
            var change = new JsonObject { ["principal"] = principal };
            if (add.Count > 0)
            {
                change["add"] = new JsonArray(add.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
            }

            if (remove.Count > 0)
            {
                change["remove"] = new JsonArray(remove.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
            }

            array.Add(change);
        }

        var body = await SendAsync(HttpMethod.Patch, $"api/2.1/unity-catalog/permissions/{securableType}/{Uri.EscapeDataString(fullName)}",
            new JsonObject { ["changes"] = array }, $"permissions/update {securableType} {fullName}", ct);
        return Assignments(body ?? new JsonObject());
    }

    /// <summary>A table with its columns (each with its <c>mask</c>) and <c>row_filter</c>; null when it does not exist.</summary>
    public Task<JsonObject?> GetTableAsync(string fullName, CancellationToken ct = default) =>
        GetAsync($"api/2.1/unity-catalog/tables/{Uri.EscapeDataString(fullName)}", "tables/get " + fullName, ct, allowNotFound: true);

    /// <summary>Every table of a schema with its columns (all pages); empty when the schema does not exist.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListTablesAsync(string catalog, string schema, CancellationToken ct = default)
    {
        var tables = new List<JsonObject>();
        string? token = null;
        do
        {
            var path = $"api/2.1/unity-catalog/tables?catalog_name={Uri.EscapeDataString(catalog)}&schema_name={Uri.EscapeDataString(schema)}&max_results=0"
                       + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
            var page = await GetAsync(path, $"tables/list {catalog}.{schema}", ct, allowNotFound: true);
            if (page is null)
            {
                return [];
            }

            tables.AddRange((page["tables"] as JsonArray ?? []).OfType<JsonObject>().Select(t => (JsonObject)t.DeepClone()));
            token = page["next_page_token"]?.ToString() is { Length: > 0 } next ? next : null; // a page may be empty yet have a token
        }
        while (token is not null);

        return tables;
    }

    /// <summary>A function (mask or row filter) with its routine_definition; null when it does not exist.</summary>
    public Task<JsonObject?> GetFunctionAsync(string fullName, CancellationToken ct = default) =>
        GetAsync($"api/2.1/unity-catalog/functions/{Uri.EscapeDataString(fullName)}", "functions/get " + fullName, ct, allowNotFound: true);

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Assignments(JsonObject body) =>
        (body["privilege_assignments"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => a["principal"] is not null)
            .GroupBy(a => a["principal"]!.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key,
                g => (IReadOnlySet<string>)new SortedSet<string>(g.SelectMany(a => (a["privileges"] as JsonArray ?? []).Select(p => p?.ToString() ?? "")).Where(p => p.Length > 0), StringComparer.Ordinal),
                StringComparer.Ordinal);
}
