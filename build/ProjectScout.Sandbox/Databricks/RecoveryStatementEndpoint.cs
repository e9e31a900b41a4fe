using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// MERGE NOTE: a stand-in for the SQL Statement Execution endpoint (POST /api/2.0/sql/statements) serving only the
/// recovery statements, until the statements endpoint of the access work (which routes the statements it does not
/// parse to <see cref="DatabricksStore.TryExecuteRecoveryStatement"/>) is merged: then delete this file and its Map call.
/// </summary>
internal static class RecoveryStatementEndpoint
{
    public static void Map(IEndpointRouteBuilder app, DatabricksStore store) =>
        app.MapPost("/api/2.0/sql/statements", async context =>
        {
            var body = await HttpJson.ReadObjectAsync(context, SandboxService.Databricks);
            if (body["warehouse_id"]?.GetValue<string>() is not { Length: > 0 })
            {
                throw DatabricksStore.Invalid("warehouse_id is required");
            }

            var statement = body["statement"]?.GetValue<string>() ?? "";
            if (!store.TryExecuteRecoveryStatement(statement, body["catalog"]?.GetValue<string>(), body["schema"]?.GetValue<string>(), out var result))
            {
                result = new JsonObject
                {
                    ["statement_id"] = Guid.NewGuid().ToString(),
                    ["status"] = new JsonObject { ["state"] = "FAILED", ["error"] = new JsonObject { ["error_code"] = "BAD_REQUEST", ["message"] = "[PARSE_SYNTAX_ERROR] The sandbox runs recovery statements only. SQLSTATE: 42601" }, ["sql_state"] = "42601" },
                };
            }

            await HttpJson.WriteAsync(context, 200, result);
        }).WithMetadata(new SandboxOperation(SandboxService.Databricks, "sql/statements"));
}
