using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// AI/BI (Lakeview) dashboards: create, get, update (PATCH), list, publish. A dashboard is also a DASHBOARD workspace
/// object at "{parent_path}/{display_name}.lvdash.json" whose get-status resource_id is the dashboard's id.
/// </summary>
internal sealed partial class DatabricksStore
{
    private const string DashboardExtension = ".lvdash.json";

    public JsonObject CreateDashboard(JsonObject body) => Write(() =>
    {
        var displayName = (string?)body["display_name"];
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw Invalid("display_name must be provided.");
        }

        var parent = NormalizePath((string?)body["parent_path"] ?? "/");
        if (!_state.Workspace.TryGetValue(parent, out var folder) || folder.ObjectType != "DIRECTORY")
        {
            throw NotFound($"Path ({parent}) doesn't exist.");
        }

        var path = (parent == "/" ? "" : parent) + "/" + displayName + DashboardExtension;
        if (_state.Workspace.ContainsKey(path))
        {
            throw AlreadyExists($"Node named '{displayName}{DashboardExtension}' already exists");
        }

        // A 32-hex-digit id like the service's, derived from the object id counter so the same calls give the same ids.
        var item = NewObject(path, "DASHBOARD", null, null);
        var id = "01ef" + item.ObjectId.ToString("x28", System.Globalization.CultureInfo.InvariantCulture);
        item.ResourceId = id;
        var now = item.CreatedAt;
        var record = new DashboardRecord
        {
            DashboardId = id,
            DisplayName = displayName,
            ParentPath = parent,
            Path = path,
            SerializedDashboard = (string?)body["serialized_dashboard"] ?? "",
            WarehouseId = (string?)body["warehouse_id"],
            CreateTime = now,
            UpdateTime = now,
        };
        _state.Dashboards[id] = record;
        _state.Workspace[path] = item;
        return DescribeDashboard(record, full: true);
    });

    public JsonObject GetDashboard(string id) => Read(() => DescribeDashboard(FindDashboard(id), full: true));

    public JsonObject UpdateDashboard(string id, JsonObject body) => Write(() =>
    {
        var record = FindDashboard(id);
        if ((string?)body["serialized_dashboard"] is { } serialized)
        {
            record.SerializedDashboard = serialized;
        }

        if ((string?)body["warehouse_id"] is { } warehouse)
        {
            record.WarehouseId = warehouse;
        }

        if ((string?)body["display_name"] is { Length: > 0 } name && name != record.DisplayName)
        {
            var path = (record.ParentPath == "/" ? "" : record.ParentPath) + "/" + name + DashboardExtension;
            if (_state.Workspace.ContainsKey(path))
            {
                throw AlreadyExists($"Node named '{name}{DashboardExtension}' already exists");
            }

            var item = _state.Workspace[record.Path];
            _state.Workspace.Remove(record.Path);
            item.Path = path;
            _state.Workspace[path] = item;
            (record.DisplayName, record.Path) = (name, path);
        }

        record.Etag++;
        record.UpdateTime = Now;
        _state.Workspace[record.Path].ModifiedAt = record.UpdateTime;
        return DescribeDashboard(record, full: true);
    });

    /// <summary>Every dashboard, without path, serialized_dashboard and etag (as the service's list leaves them out).</summary>
    public JsonObject ListDashboards() => Read(() => new JsonObject
    {
        ["dashboards"] = new JsonArray(_state.Dashboards.Values.Select(d => (JsonNode)DescribeDashboard(d, full: false)).ToArray()),
    });

    public JsonObject PublishDashboard(string id, JsonObject body) => Write(() =>
    {
        var record = FindDashboard(id);
        var warehouse = (string?)body["warehouse_id"] ?? record.WarehouseId;
        record.Published = new JsonObject
        {
            ["display_name"] = record.DisplayName,
            ["warehouse_id"] = warehouse ?? "",
            ["embed_credentials"] = (bool?)body["embed_credentials"] ?? true,
            ["revision_create_time"] = DateTimeOffset.FromUnixTimeMilliseconds(Now).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        return (JsonObject)record.Published.DeepClone();
    });

    public JsonObject GetPublishedDashboard(string id) => Read(() =>
        (JsonObject?)FindDashboard(id).Published?.DeepClone() ?? throw NotFound($"Dashboard {id} is not published."));

    private DashboardRecord FindDashboard(string id) =>
        _state.Dashboards.TryGetValue(id, out var record) ? record : throw NotFound($"Unable to find dashboard with id {id}.");

    private static JsonObject DescribeDashboard(DashboardRecord record, bool full)
    {
        var result = new JsonObject
        {
            ["dashboard_id"] = record.DashboardId,
            ["display_name"] = record.DisplayName,
            ["create_time"] = Iso(record.CreateTime),
            ["lifecycle_state"] = "ACTIVE",
        };
        if (record.WarehouseId is { } warehouse)
        {
            result["warehouse_id"] = warehouse;
        }

        if (full)
        {
            result["path"] = record.Path;
            result["parent_path"] = record.ParentPath;
            result["serialized_dashboard"] = record.SerializedDashboard;
            result["etag"] = Text(record.Etag);
            result["update_time"] = Iso(record.UpdateTime);
        }

        return result;
    }

    private static string Iso(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
