using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>A SQL statement that ended FAILED or CANCELED (the service answers HTTP 200 with the state inside).</summary>
public sealed class SqlStatementException(string statementId, string state, string errorCode, string message, string statement)
    : Exception($"SQL statement {statementId} {state} ({errorCode}): {message} — {Shorten(statement)}")
{
    public string StatementId { get; } = statementId;
    public string State { get; } = state;
    public string ErrorCode { get; } = errorCode;

    /// <summary>The service's status.error.message, as it answered.</summary>
    public string ServiceMessage { get; } = message;

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
}

// The SQL Statement Execution API (one statement per call; execution errors come back as HTTP 200 with state FAILED)
// and the SQL warehouses API.
public sealed partial class DatabricksClient
{
    private static readonly string[] TerminalStates = ["SUCCEEDED", "FAILED", "CANCELED", "CLOSED"];

    /// <summary>How long one call waits on the server before polling (the API accepts 0s or 5s–50s).</summary>
    public const string StatementWaitTimeout = "30s";

    /// <summary>
    /// Runs one statement on a warehouse and waits for it: POST with <see cref="StatementWaitTimeout"/>, then GET until
    /// a terminal state. Returns the final response; a FAILED or CANCELED statement throws <see cref="SqlStatementException"/>
    /// with the service's status.error.message.
    /// </summary>
    public async Task<JsonObject> ExecuteStatementAsync(string warehouseId, string statement, string? catalog = null, string? schema = null,
        TimeSpan? pollInterval = null, CancellationToken ct = default)
    {
        var request = new JsonObject
        {
            ["warehouse_id"] = warehouseId,
            ["statement"] = statement,
            ["wait_timeout"] = StatementWaitTimeout,
            ["on_wait_timeout"] = "CONTINUE",
            ["disposition"] = "INLINE",
            ["format"] = "JSON_ARRAY",
        };
        if (catalog is not null)
        {
            request["catalog"] = catalog;
        }

        if (schema is not null)
        {
            request["schema"] = schema;
        }

        // Not retried blindly: a repeated POST would run the statement twice (the statements sent are idempotent, but a
        // failed attempt is reported rather than hidden).
        var response = await SendAsync(HttpMethod.Post, "api/2.0/sql/statements", request, "sql/statements", ct, notIdempotent: true) ?? new JsonObject();
        var id = response["statement_id"]?.ToString() ?? "";
        var delay = pollInterval ?? TimeSpan.FromSeconds(1);
        while (!TerminalStates.Contains(State(response)))
        {
            await Task.Delay(delay, ct);
            response = await GetAsync($"api/2.0/sql/statements/{Uri.EscapeDataString(id)}", "sql/statements/get " + id, ct) ?? new JsonObject();
        }

        if (State(response) != "SUCCEEDED")
        {
            var error = response["status"]?["error"];
            throw new SqlStatementException(id, State(response), error?["error_code"]?.ToString() ?? "UNKNOWN", error?["message"]?.ToString() ?? "no message", statement);
        }

        return response;

        static string State(JsonObject body) => body["status"]?["state"]?.ToString() ?? "PENDING";
    }

    public Task CancelStatementAsync(string statementId, CancellationToken ct = default) =>
        PostAsync($"api/2.0/sql/statements/{Uri.EscapeDataString(statementId)}/cancel", new JsonObject(), "sql/statements/cancel " + statementId, ct);

    // ---- warehouses ------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<JsonObject>> ListWarehousesAsync(CancellationToken ct = default)
    {
        var body = await GetAsync("api/2.0/sql/warehouses", "sql/warehouses/list", ct);
        return (body?["warehouses"] as JsonArray ?? []).OfType<JsonObject>().Select(w => (JsonObject)w.DeepClone()).ToList();
    }

    public async Task<string> CreateWarehouseAsync(JsonObject settings, CancellationToken ct = default)
    {
        var body = await SendAsync(HttpMethod.Post, "api/2.0/sql/warehouses", settings, "sql/warehouses/create " + settings["name"], ct, notIdempotent: true);
        return body!["id"]!.ToString();
    }

    public Task EditWarehouseAsync(string id, JsonObject settings, CancellationToken ct = default) =>
        PostAsync($"api/2.0/sql/warehouses/{Uri.EscapeDataString(id)}/edit", settings, "sql/warehouses/edit " + id, ct);


    /// <summary>PATCH /api/2.0/permissions: adds or updates the given principals' levels, leaves the others.</summary>
    public Task<JsonObject?> UpdatePermissionsAsync(string objectType, string objectId, JsonArray accessControlList, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Patch, $"api/2.0/permissions/{objectType}/{Uri.EscapeDataString(objectId)}",
            new JsonObject { ["access_control_list"] = accessControlList.DeepClone() }, $"permissions/update {objectType}/{objectId}", ct);
}
