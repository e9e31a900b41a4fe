using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// The recovery statements of the SQL Statement Execution API over the Unity Catalog tables' versions: DESCRIBE HISTORY,
/// RESTORE TABLE … TO VERSION | TIMESTAMP AS OF, and CREATE OR REPLACE TABLE … DEEP CLONE. Results have the API's shape
/// (<c>statement_id</c>, <c>status.state</c>, <c>manifest.schema.columns</c>, <c>result.data_array</c>); an execution error is
/// HTTP 200 with <c>state: FAILED</c> and the Delta error class in the message, as the service answers.
/// </summary>
internal sealed partial class DatabricksStore
{
    /// <summary>Runs <paramref name="statement"/> when it is a recovery statement; false (and nothing changed) for any other.</summary>
    public bool TryExecuteRecoveryStatement(string statement, string? catalog, string? schema, out JsonObject result)
    {
        var text = statement.Trim().TrimEnd(';').Trim();
        JsonObject? answer = null;
        if (DescribeHistoryPattern().Match(text) is { Success: true } describe)
        {
            answer = Read(() => DescribeHistory(Resolve(describe.Groups["table"].Value, catalog, schema), describe.Groups["limit"].Success ? int.Parse(describe.Groups["limit"].Value, CultureInfo.InvariantCulture) : null));
        }
        else if (RestorePattern().Match(text) is { Success: true } restore)
        {
            answer = Write(() => Restore(Resolve(restore.Groups["table"].Value, catalog, schema),
                restore.Groups["version"].Success ? long.Parse(restore.Groups["version"].Value, CultureInfo.InvariantCulture) : null,
                restore.Groups["timestamp"].Success ? restore.Groups["timestamp"].Value : null));
        }
        else if (DeepClonePattern().Match(text) is { Success: true } clone)
        {
            answer = Write(() => DeepClone(Resolve(clone.Groups["target"].Value, catalog, schema), Resolve(clone.Groups["source"].Value, catalog, schema)));
        }

        result = answer ?? new JsonObject();
        return answer is not null;
    }

    /// <summary>Test set-up: a table (and its schema) with <paramref name="versions"/> commits (0 = CREATE TABLE, then WRITEs), one every <paramref name="step"/>.</summary>
    internal void SeedTableVersions(string catalog, string schema, string name, int versions, DateTimeOffset first, TimeSpan step) => Write(() =>
    {
        var table = new TableRecord { CatalogName = catalog, SchemaName = schema, Name = name, Owner = User, CreatedAt = first.ToUnixTimeMilliseconds() };
        for (var v = 0; v < versions; v++)
        {
            table.History.Add(new TableVersionRecord { Version = v, Timestamp = (first + step * v).ToUnixTimeMilliseconds(), Operation = v == 0 ? "CREATE TABLE" : "WRITE" });
        }

        _state.UnityCatalog.Tables[table.FullName] = table;
        _state.UnityCatalog.Schemas.TryAdd(catalog + "." + schema, new SchemaRecord { CatalogName = catalog, Name = schema, Owner = User, CreatedAt = table.CreatedAt });
        return table;
    });

    private JsonObject DescribeHistory(string fullName, int? limit)
    {
        if (!_state.UnityCatalog.Tables.TryGetValue(fullName, out var table))
        {
            return TableNotFound(fullName);
        }

        var rows = table.History.OrderByDescending(v => v.Version).Take(limit ?? int.MaxValue)
            .Select(v => new JsonArray(v.Version.ToString(CultureInfo.InvariantCulture), Timestamp(v.Timestamp), User, v.Operation, (v.Parameters ?? new JsonObject()).ToJsonString()));
        return Succeeded(["version", "timestamp", "userName", "operation", "operationParameters"], ["LONG", "TIMESTAMP", "STRING", "STRING", "MAP"], rows);
    }

    private JsonObject Restore(string fullName, long? version, string? timestamp)
    {
        if (!_state.UnityCatalog.Tables.TryGetValue(fullName, out var table))
        {
            return TableNotFound(fullName);
        }

        var (earliest, latest) = (table.History.Min(v => v.Version), table.History.Max(v => v.Version));
        if (version is { } wanted && (wanted < earliest || wanted > latest))
        {
            return Failed("BAD_REQUEST", $"[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version {wanted}. Available versions: [{earliest}, {latest}]. SQLSTATE: 22003", "22003");
        }

        if (timestamp is not null)
        {
            if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return Failed("BAD_REQUEST", $"[DELTA_TIMESTAMP_INVALID] The provided timestamp ('{timestamp}') cannot be converted to a valid timestamp. SQLSTATE: 42816", "42816");
            }

            var first = table.History.MinBy(v => v.Version)!;
            var last = table.History.MaxBy(v => v.Version)!;
            if (at.ToUnixTimeMilliseconds() > last.Timestamp)
            {
                return Failed("BAD_REQUEST", $"[DELTA_TIMESTAMP_GREATER_THAN_COMMIT] The provided timestamp ({timestamp}) is after the latest version available to this table ({Timestamp(last.Timestamp)}). Please use a timestamp before or at {Timestamp(last.Timestamp)}. SQLSTATE: 42816", "42816");
            }

            if (at.ToUnixTimeMilliseconds() < first.Timestamp)
            {
                return Failed("BAD_REQUEST", $"[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION] The provided timestamp ({timestamp}) is before the earliest version available to this table ({Timestamp(first.Timestamp)}). Please use a timestamp after {Timestamp(first.Timestamp)}. SQLSTATE: 42816", "42816");
            }

            version = table.History.Where(v => v.Timestamp <= at.ToUnixTimeMilliseconds()).Max(v => v.Version);
        }

        // RESTORE is a new commit: history keeps every version, the restored one included.
        table.History.Add(new TableVersionRecord
        {
            Version = latest + 1,
            Timestamp = Math.Max(Now, table.History.Max(v => v.Timestamp) + 1),
            Operation = "RESTORE",
            Parameters = new JsonObject { ["version"] = version!.Value.ToString(CultureInfo.InvariantCulture), ["timestamp"] = timestamp },
        });
        return Succeeded(["table_size_after_restore", "num_of_files_after_restore", "num_removed_files", "num_restored_files", "removed_files_size", "restored_files_size"],
            ["LONG", "LONG", "LONG", "LONG", "LONG", "LONG"], [new JsonArray("0", "0", "0", "0", "0", "0")]);
    }

    private JsonObject DeepClone(string targetName, string sourceName)
    {
        if (!_state.UnityCatalog.Tables.TryGetValue(sourceName, out var source))
        {
            return TableNotFound(sourceName);
        }

        var (catalog, schema, name) = Split(targetName);
        if (!_state.UnityCatalog.Schemas.ContainsKey(catalog + "." + schema) && !_state.UnityCatalog.Catalogs.ContainsKey(catalog))
        {
            return Failed("NOT_FOUND", $"[SCHEMA_NOT_FOUND] The schema `{catalog}`.`{schema}` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42704", "42704");
        }

        // The clone's own history continues (CREATE OR REPLACE is a commit); the source's history is not cloned.
        _state.UnityCatalog.Tables.TryGetValue(targetName, out var existing);
        var target = new TableRecord
        {
            CatalogName = catalog, SchemaName = schema, Name = name, Owner = existing?.Owner ?? User, CreatedAt = existing?.CreatedAt ?? Now,
            Columns = source.Columns.Select(c => new ColumnRecord { Name = c.Name, TypeName = c.TypeName, Nullable = c.Nullable, Position = c.Position }).ToList(),
            Properties = new SortedDictionary<string, string>(source.Properties, StringComparer.Ordinal),
            ClusteringColumns = [.. source.ClusteringColumns],
            History = existing?.History ?? [],
        };
        target.History.Add(new TableVersionRecord
        {
            Version = target.History.Count == 0 ? 0 : target.History.Max(v => v.Version) + 1,
            Timestamp = Math.Max(Now, target.History.Count == 0 ? 0 : target.History.Max(v => v.Timestamp) + 1),
            Operation = existing is null ? "CLONE" : "CREATE OR REPLACE TABLE AS SELECT",
            Parameters = new JsonObject { ["source"] = sourceName, ["sourceVersion"] = source.History.Max(v => v.Version).ToString(CultureInfo.InvariantCulture), ["isShallow"] = "false" },
        });
        _state.UnityCatalog.Tables[targetName] = target;
        return Succeeded(["source_table_size", "source_num_of_files", "num_removed_files", "num_copied_files", "removed_files_size", "copied_files_size"],
            ["LONG", "LONG", "LONG", "LONG", "LONG", "LONG"], [new JsonArray("0", "0", "0", "0", "0", "0")]);
    }

    private static JsonObject TableNotFound(string fullName)
    {
        var (catalog, schema, name) = Split(fullName);
        return Failed("NOT_FOUND", $"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{catalog}`.`{schema}`.`{name}` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01", "42P01");
    }

    /// <summary>A result for the statement API's answer: its columns (manifest schema) and JSON_ARRAY rows.</summary>
    private static JsonObject Succeeded(string[] columns, string[] types, IEnumerable<JsonArray> rows) => new()
    {
        ["columns"] = new JsonArray(columns.Select((c, i) => (JsonNode)new JsonObject { ["name"] = c, ["type_name"] = types[i], ["position"] = i }).ToArray()),
        ["rows"] = new JsonArray(rows.Cast<JsonNode>().ToArray()),
    };

    /// <summary>An execution error (HTTP 200, state FAILED): <paramref name="message"/> is the service's "[CLASS] text SQLSTATE: x".</summary>
    private static JsonObject Failed(string errorCode, string message, string sqlState)
    {
        var match = Regex.Match(message, @"^\[(?<class>[A-Z_]+)\] (?<text>.*?)(?: SQLSTATE: [0-9A-Z]+)?$", RegexOptions.Singleline);
        throw new SqlFailure(errorCode, match.Groups["class"].Value, match.Groups["text"].Value, sqlState);
    }

    private static string Timestamp(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A one-, two- or three-part name (backticks optional) as catalog.schema.table, with the statement's defaults.</summary>
    private static string Resolve(string name, string? catalog, string? schema)
    {
        var parts = IdentifierPartPattern().Matches(name).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value.Replace("``", "`", StringComparison.Ordinal) : m.Groups["plain"].Value).ToList();
        return parts.Count switch
        {
            1 => $"{catalog}.{schema}.{parts[0]}",
            2 => $"{catalog}.{parts[0]}.{parts[1]}",
            _ => string.Join(".", parts),
        };
    }

    private static (string Catalog, string Schema, string Name) Split(string fullName)
    {
        var parts = fullName.Split('.', 3);
        return (parts[0], parts.ElementAtOrDefault(1) ?? "", parts.ElementAtOrDefault(2) ?? "");
    }

    private const string RecoveryTableName = @"(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)(?:\.(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)){0,2}";

    [GeneratedRegex(@"^DESCRIBE\s+HISTORY\s+(?<table>" + RecoveryTableName + @")(?:\s+LIMIT\s+(?<limit>\d+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex DescribeHistoryPattern();

    [GeneratedRegex(@"^RESTORE\s+(?:TABLE\s+)?(?<table>" + RecoveryTableName + @")\s+TO\s+(?:VERSION\s+AS\s+OF\s+(?<version>\d+)|TIMESTAMP\s+AS\s+OF\s+'(?<timestamp>[^']*)')$", RegexOptions.IgnoreCase)]
    private static partial Regex RestorePattern();

    [GeneratedRegex(@"^CREATE\s+OR\s+REPLACE\s+TABLE\s+(?<target>" + RecoveryTableName + @")\s+(?:DEEP\s+)?CLONE\s+(?<source>" + RecoveryTableName + @")$", RegexOptions.IgnoreCase)]
    private static partial Regex DeepClonePattern();

    [GeneratedRegex(@"`(?<quoted>(?:[^`]|``)+)`|(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex IdentifierPartPattern();
}
