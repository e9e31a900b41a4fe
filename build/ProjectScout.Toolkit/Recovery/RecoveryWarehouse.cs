using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Governance;

namespace ProjectScout.Toolkit.Recovery;

/// <summary>
/// The SQL warehouse Restore runs its statements on: the toolkit's declared warehouse (governance.yaml sqlWarehouse,
/// deployed by the sql-warehouse adapter), found by its name; an explicit --warehouse-id overrides it.
/// </summary>
public static class RecoveryWarehouse
{
    public static async Task<string> ResolveAsync(DatabricksClient client, AccessDesired access, string? overrideId, string overrideArgument, CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(overrideId))
        {
            return overrideId;
        }

        var found = await SqlWarehouseAdapter.FindAsync(client, access.WarehouseName, ct);
        return found?["id"]?.ToString() ?? throw new ToolkitException(
            $"Restore: the SQL warehouse {access.WarehouseName} of '{access.Environment.Name}' is not deployed; run DeployPhase1 first, or pass --{overrideArgument}=<id> to use another warehouse.");
    }
}
