using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Databricks;

// The recovery statements (RESTORE, DEEP CLONE, DESCRIBE HISTORY): the statement API routes every statement its DDL
// parser does not know here before answering PARSE_SYNTAX_ERROR.
internal sealed partial class DatabricksStore
{
    /// <summary>
    /// Runs a recovery statement; false when <paramref name="statement"/> is not one. <paramref name="result"/> may carry
    /// "columns" (manifest schema columns) and "rows" (JSON_ARRAY data). A failure throws <see cref="SqlFailure"/>.
    /// </summary>
    private bool TryExecuteRecoveryStatement(string statement, string? catalog, string? schema, out JsonObject result)
    {
        result = new JsonObject();
        return false;
    }
}
