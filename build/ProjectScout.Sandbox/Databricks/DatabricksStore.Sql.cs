using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>A statement that ran and failed: the service answers HTTP 200 with state FAILED and this error.</summary>
internal sealed class SqlFailure(string errorCode, string errorClass, string message, string sqlState) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
    public string ErrorClass { get; } = errorClass;
    public string SqlState { get; } = sqlState;

    /// <summary>The service's text: "[CLASS] message SQLSTATE: xxxxx".</summary>
    public string Text => $"[{ErrorClass}] {Message} SQLSTATE: {SqlState}";

    public static SqlFailure Syntax(string near) => new("BAD_REQUEST", "PARSE_SYNTAX_ERROR", $"Syntax error at or near '{near}'.", "42601");

    public static SqlFailure NotFound(string errorClass, string message, string sqlState) => new("NOT_FOUND", errorClass, message, sqlState);

    public static SqlFailure Exists(string errorClass, string message, string sqlState) => new("ALREADY_EXISTS", errorClass, message, sqlState);

    public static SqlFailure Bad(string errorClass, string message, string sqlState) => new("BAD_REQUEST", errorClass, message, sqlState);
}

// The SQL Statement Execution API (/api/2.0/sql/statements): one statement per call, wait_timeout 0s (answer PENDING,
// the result comes with the first GET) or 5s–50s (the final state right away), execution errors as HTTP 200 with
// state FAILED. The statement shapes the toolkit sends are parsed strictly; anything else is PARSE_SYNTAX_ERROR, after
// the recovery statements (RESTORE, DEEP CLONE, DESCRIBE HISTORY) had their chance.
internal sealed partial class DatabricksStore
{
    /// <summary>Statements by id (in memory: the service purges them hours after they end).</summary>
    private readonly ConcurrentDictionary<string, StatementEntry> _statements = new(StringComparer.Ordinal);

    /// <summary>
    /// A statement as one immutable snapshot: its answer and whether it is still PENDING to its callers (submitted with
    /// wait_timeout 0s, result not delivered yet). GET and cancel replace the whole snapshot with a compare-and-swap, so
    /// concurrent callers see one state or the next, and a terminal state never changes again.
    /// </summary>
    private sealed class StatementEntry(JsonObject answer, bool pending)
    {
        // Kept as text: JSON nodes are not safe to read from several threads at once (lazy materialisation).
        private readonly string _answer = answer.ToJsonString();

        public bool Pending { get; } = pending;

        public JsonObject Answer => (JsonObject)JsonNode.Parse(_answer)!;
    }

    public JsonObject ExecuteStatement(JsonObject body)
    {
        var statement = (string?)body["statement"] ?? throw Invalid("statement is required.");
        var wait = WaitSeconds((string?)body["wait_timeout"] ?? "10s");
        var onTimeout = (string?)body["on_wait_timeout"] ?? "CONTINUE";
        if (onTimeout is not ("CONTINUE" or "CANCEL"))
        {
            throw Invalid($"on_wait_timeout must be CONTINUE or CANCEL, not '{onTimeout}'.");
        }

        if ((string?)body["disposition"] is { } disposition && disposition is not ("INLINE" or "EXTERNAL_LINKS"))
        {
            throw Invalid($"disposition must be INLINE or EXTERNAL_LINKS, not '{disposition}'.");
        }

        var id = "01f0" + Convert.ToHexString(RandomNumberGenerator.GetBytes(14)).ToLowerInvariant();
        var final = Write(() =>
        {
            StatementWarehouse((string?)body["warehouse_id"]);
            try
            {
                var result = RunStatement(statement, (string?)body["catalog"], (string?)body["schema"]);
                return Answer(id, "SUCCEEDED", result, null);
            }
            catch (SqlFailure failure)
            {
                return Answer(id, "FAILED", null, failure);
            }
        });

        if (wait == 0)
        {
            _statements[id] = new StatementEntry(final, pending: true);
            return new JsonObject { ["statement_id"] = id, ["status"] = new JsonObject { ["state"] = "PENDING" } };
        }

        _statements[id] = new StatementEntry(final, pending: false);
        return (JsonObject)final.DeepClone();
    }

    /// <summary>The statement's state; the first GET of a PENDING statement delivers its final state (the sandbox ran it at submit).</summary>
    public JsonObject GetStatement(string id)
    {
        while (true)
        {
            var entry = _statements.TryGetValue(id, out var found) ? found : throw NotFound($"Statement {id} does not exist.");
            var answer = entry.Answer;
            if (!entry.Pending || _statements.TryUpdate(id, new StatementEntry(answer, pending: false), entry))
            {
                return answer;
            }
        }
    }

    /// <summary>
    /// The service's cancel: an empty 200 that only acknowledges the request ("callers must poll for status to see the
    /// terminal state"). A PENDING statement ends CANCELED; a statement already SUCCEEDED, FAILED, CANCELED or CLOSED keeps its state.
    /// </summary>
    public JsonObject CancelStatement(string id)
    {
        while (true)
        {
            var entry = _statements.TryGetValue(id, out var found) ? found : throw NotFound($"Statement {id} does not exist.");
            if (!entry.Pending || _statements.TryUpdate(id, new StatementEntry(Answer(id, "CANCELED", null, null), pending: false), entry))
            {
                return new JsonObject();
            }
        }
    }

    /// <summary>Runs one statement against the state; the caller holds the write lock.</summary>
    private JsonObject? RunStatement(string statement, string? catalog, string? schema)
    {
        var text = SingleStatement(statement);
        return RunDdl(text, catalog, schema, out var result) ? result
            : TryExecuteRecoveryStatement(text, catalog, schema, out var recovery) ? recovery
            : throw SqlFailure.Syntax(FirstToken(text));
    }

    /// <summary>wait_timeout: "0s" or "5s"–"50s"; anything else is a request error.</summary>
    private static int WaitSeconds(string text)
    {
        var match = Regex.Match(text, "^([0-9]+)s$");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, out var seconds) || (seconds != 0 && (seconds < 5 || seconds > 50)))
        {
            throw Invalid($"wait_timeout must be 0s (asynchronous) or between 5s and 50s, not '{text}'.");
        }

        return seconds;
    }

    /// <summary>The statement without one trailing ';'; a ';' outside quotes before the end means several: PARSE_SYNTAX_ERROR.</summary>
    private static string SingleStatement(string statement)
    {
        var text = statement.Trim();
        if (text.EndsWith(';'))
        {
            text = text[..^1].TrimEnd();
        }

        if (OutsideQuotes(text).FirstOrDefault(i => text[i] == ';', -1) is var separator and >= 0)
        {
            throw SqlFailure.Syntax(FirstToken(text[(separator + 1)..]));
        }

        if (text.Length == 0)
        {
            throw SqlFailure.Syntax("end of input");
        }

        return text;
    }

    private static string FirstToken(string text)
    {
        var token = text.TrimStart().Split([' ', '\n', '\t', '\r', '('], 2)[0];
        return token.Length == 0 ? "end of input" : token;
    }

    private static JsonObject Answer(string id, string state, JsonObject? result, SqlFailure? failure)
    {
        var status = new JsonObject { ["state"] = state };
        if (failure is not null)
        {
            status["error"] = new JsonObject { ["error_code"] = failure.ErrorCode, ["message"] = failure.Text };
            status["sql_state"] = failure.SqlState;
        }

        var answer = new JsonObject { ["statement_id"] = id, ["status"] = status };
        if (state == "SUCCEEDED")
        {
            var rows = result?["rows"] as JsonArray ?? [];
            var columns = result?["columns"] as JsonArray ?? [];
            answer["manifest"] = new JsonObject
            {
                ["format"] = "JSON_ARRAY",
                ["schema"] = new JsonObject { ["column_count"] = columns.Count, ["columns"] = columns.DeepClone() },
                ["total_row_count"] = rows.Count,
                ["total_chunk_count"] = rows.Count == 0 ? 0 : 1,
                ["truncated"] = false,
            };
            answer["result"] = new JsonObject { ["chunk_index"] = 0, ["row_offset"] = 0, ["row_count"] = rows.Count, ["data_array"] = rows.DeepClone() };
        }

        return answer;
    }
}
