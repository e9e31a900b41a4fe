using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks.Adapters;

public sealed record SqlWarehousePlan(JsonObject? Desired, string? WarehouseId, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>
/// The small serverless SQL warehouse the deploy runs its DDL on (PRO with serverless compute; size, auto-stop and
/// clusters from governance.yaml sqlWarehouse), found by its name (the workspace's name + "-sql").
/// </summary>
public sealed class SqlWarehouseAdapter : WorkspaceAdapter<SqlWarehousePlan>
{
    public override string Kind => "sql-warehouse";

    /// <summary>The settings the toolkit declares and compares (the service adds others: state, odbc_params, …).</summary>
    public static JsonObject Settings(AccessDesired access)
    {
        var declared = access.Governance.SqlWarehouse;
        return new JsonObject
        {
            ["name"] = access.WarehouseName,
            ["cluster_size"] = declared.ClusterSize,
            ["min_num_clusters"] = 1,
            ["max_num_clusters"] = declared.MaxNumClusters,
            ["auto_stop_mins"] = declared.AutoStopMinutes,
            ["warehouse_type"] = "PRO",
            ["enable_serverless_compute"] = true,
            ["enable_photon"] = true,
            ["tags"] = new JsonObject { ["custom_tags"] = new JsonArray(new JsonObject { ["key"] = WorkspaceBundle.ManagedByTag, ["value"] = WorkspaceBundle.ManagedByValue }) },
        };
    }

    public override SqlWarehousePlan PlanForNewWorkspace(WorkspaceDesired desired) => desired.Access is { } access
        ? new SqlWarehousePlan(Settings(access), null, [Change(access.WarehouseName, ChangeAction.Create, NotDeployedYet)])
        : new SqlWarehousePlan(null, null, []);

    public override async Task<SqlWarehousePlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        if (desired.Access is not { } access)
        {
            return new SqlWarehousePlan(null, null, []);
        }

        var settings = Settings(access);
        var found = await FindAsync(live.Client, access.WarehouseName, ct);
        if (found is null)
        {
            return new SqlWarehousePlan(settings, null, [Change(access.WarehouseName, ChangeAction.Create)]);
        }

        var differing = settings.Where(p => !JsonNormalizer.SameMeaning(found[p.Key], p.Value)).Select(p => p.Key).ToList();
        var id = found["id"]!.ToString();
        return new SqlWarehousePlan(settings, id, [Change(access.WarehouseName, differing.Count == 0 ? ChangeAction.NoChange : ChangeAction.Update, string.Join(", ", differing)) with
        {
            Id = id,
            Attributes = differing.Select(k => AttributeChange.From(k, found[k], settings[k])).ToList(),
        }]);
    }

    public override async Task ApplyAsync(SqlWarehousePlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        apply.WarehouseId = plan.WarehouseId;
        if (plan.Desired is not { } settings || plan.Changes.All(c => c.Action == ChangeAction.NoChange))
        {
            return;
        }

        await apply.GuardAsync("sql warehouse " + settings["name"], async () =>
        {
            if (plan.WarehouseId is { } id)
            {
                await apply.Client.EditWarehouseAsync(id, (JsonObject)settings.DeepClone(), ct);
                return;
            }

            try
            {
                apply.WarehouseId = await apply.Client.CreateWarehouseAsync((JsonObject)settings.DeepClone(), ct);
            }
            catch (Exception ex) when (ex is DatabricksTransportException or DatabricksApiException { Status: >= 500 } or DatabricksApiException { ErrorCode: "RESOURCE_ALREADY_EXISTS" })
            {
                // The name is unique: a create that went through before the connection dropped is found by name.
                var found = await FindAsync(apply.Client, settings["name"]!.ToString(), ct);
                if (found is null)
                {
                    throw;
                }

                apply.WarehouseId = found["id"]!.ToString();
            }
        });
    }

    public static async Task<JsonObject?> FindAsync(DatabricksClient client, string name, CancellationToken ct) =>
        (await client.ListWarehousesAsync(ct)).Where(w => w["name"]?.ToString() == name)
            .OrderBy(w => w["id"]?.ToString(), StringComparer.Ordinal).FirstOrDefault();

}
