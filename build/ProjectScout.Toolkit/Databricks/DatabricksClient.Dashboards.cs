using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>
/// AI/BI (Lakeview) dashboards (/api/2.0/lakeview/dashboards): create a draft in a workspace folder, read and update
/// it by id, publish it. A dashboard is also a workspace object ("{parent}/{display name}.lvdash.json", object_type
/// DASHBOARD) whose get-status resource_id is its dashboard id: that is how it is found by path.
/// </summary>
public sealed partial class DatabricksClient
{
    public async Task<string> CreateDashboardAsync(string displayName, string parentPath, string serializedDashboard, string? warehouseId, CancellationToken ct = default)
    {
        var body = new JsonObject { ["display_name"] = displayName, ["parent_path"] = parentPath, ["serialized_dashboard"] = serializedDashboard };
        if (warehouseId is not null)
        {
            body["warehouse_id"] = warehouseId;
        }

        var created = await SendAsync(HttpMethod.Post, "api/2.0/lakeview/dashboards", body, $"lakeview/dashboards/create {parentPath}/{displayName}", ct, notIdempotent: true);
        return created!["dashboard_id"]!.ToString();
    }

    /// <summary>The draft dashboard (serialized_dashboard, warehouse_id, path, etag…); null when no dashboard has that id.</summary>
    public Task<JsonObject?> GetDashboardAsync(string dashboardId, CancellationToken ct = default) =>
        GetAsync($"api/2.0/lakeview/dashboards/{Uri.EscapeDataString(dashboardId)}", "lakeview/dashboards/get " + dashboardId, ct, allowNotFound: true);

    public Task UpdateDashboardAsync(string dashboardId, string serializedDashboard, string? warehouseId, CancellationToken ct = default)
    {
        var body = new JsonObject { ["serialized_dashboard"] = serializedDashboard };
        if (warehouseId is not null)
        {
            body["warehouse_id"] = warehouseId;
        }

        return SendAsync(HttpMethod.Patch, $"api/2.0/lakeview/dashboards/{Uri.EscapeDataString(dashboardId)}", body, "lakeview/dashboards/update " + dashboardId, ct);
    }

    /// <summary>Publishes the current draft; <paramref name="embedCredentials"/> false runs viewers' queries as themselves.</summary>
    public Task PublishDashboardAsync(string dashboardId, string? warehouseId, bool embedCredentials, CancellationToken ct = default)
    {
        var body = new JsonObject { ["embed_credentials"] = embedCredentials };
        if (warehouseId is not null)
        {
            body["warehouse_id"] = warehouseId;
        }

        return SendAsync(HttpMethod.Post, $"api/2.0/lakeview/dashboards/{Uri.EscapeDataString(dashboardId)}/published", body, "lakeview/dashboards/publish " + dashboardId, ct);
    }
}
