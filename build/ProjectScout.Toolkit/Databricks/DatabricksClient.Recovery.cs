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
    /// Runs one recovery statement (<see cref="ExecuteStatementAsync"/>) and returns its rows by column, or its FAILED
    /// state as a result rather than an exception: the restore planner reads DESCRIBE HISTORY and reports the service's
    /// error for a version beyond history. Not retried: a RESTORE is a commit.
    /// </summary>
    public async Task<SqlStatementResult> RunRecoveryStatementAsync(string warehouseId, string statement, CancellationToken ct = default)
    {
        try
        {
            return SqlStatementResult.From(await ExecuteStatementAsync(warehouseId, statement, ct: ct));
        }
        catch (SqlStatementException ex)
        {
            return new SqlStatementResult(ex.State, ex.ErrorCode, ex.ServiceMessage, [], []);
        }
    }
}
