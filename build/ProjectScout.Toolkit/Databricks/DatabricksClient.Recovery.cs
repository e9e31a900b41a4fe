using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>One statement's outcome from the SQL Statement Execution API: state, error and the rows by column name.</summary>
public sealed record SqlStatementResult(string State, string? ErrorCode, string? Message, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    public bool Succeeded => State == "SUCCEEDED";

    /// <summary>The values of <paramref name="column"/>, row by row.</summary>
    public IEnumerable<string?> Column(string column) => Columns.ToList().IndexOf(column) is var index and >= 0 ? Rows.Select(r => r[index]) : [];

    public static SqlStatementResult From(JsonObject response)
    {
        var status = response["status"] as JsonObject;
        var columns = (response["manifest"]?["schema"]?["columns"] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>() ?? "").ToList();
        var rows = (response["result"]?["data_array"] as JsonArray ?? [])
            .Select(r => (IReadOnlyList<string?>)(r as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToList()).ToList();
        return new SqlStatementResult(status?["state"]?.GetValue<string>() ?? "UNKNOWN", status?["error"]?["error_code"]?.GetValue<string>(),
            status?["error"]?["message"]?.GetValue<string>(), columns, rows);
    }
}

public sealed partial class DatabricksClient
{
    /// <summary>
    /// Runs one statement on a SQL warehouse and waits for it (POST /api/2.0/sql/statements, wait_timeout 50s, inline
    /// JSON rows). Execution errors come back as a FAILED state, not as an exception. Not retried: a RESTORE is a commit.
    /// </summary>
    public async Task<SqlStatementResult> RunRecoveryStatementAsync(string warehouseId, string statement, CancellationToken ct = default)
    {
        var body = new JsonObject
        {
            ["warehouse_id"] = warehouseId,
            ["statement"] = statement,
            ["wait_timeout"] = "50s",
            ["on_wait_timeout"] = "CONTINUE",
            ["disposition"] = "INLINE",
            ["format"] = "JSON_ARRAY",
        };
        var response = await SendAsync(HttpMethod.Post, "api/2.0/sql/statements", body, "sql/statements", ct, notIdempotent: true) ?? new JsonObject();
        // A statement still running after the wait is polled until it ends.
        while (response["status"]?["state"]?.GetValue<string>() is "PENDING" or "RUNNING" && response["statement_id"]?.GetValue<string>() is { } id)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            response = await GetAsync($"api/2.0/sql/statements/{Uri.EscapeDataString(id)}", "sql/statements/get", ct) ?? new JsonObject();
        }

        return SqlStatementResult.From(response);
    }
}
