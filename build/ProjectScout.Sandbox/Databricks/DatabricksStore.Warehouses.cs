using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

internal sealed class WarehouseRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string ClusterSize { get; set; } = "";
    public int MinNumClusters { get; set; } = 1;
    public int MaxNumClusters { get; set; } = 1;
    public int AutoStopMins { get; set; } = 120;
    public bool EnablePhoton { get; set; } = true;
    public bool EnableServerlessCompute { get; set; }
    public string WarehouseType { get; set; } = "CLASSIC";
    public string SpotInstancePolicy { get; set; } = "COST_OPTIMIZED";
    public JsonObject? Tags { get; set; }

    /// <summary>STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED.</summary>
    public string State { get; set; } = "RUNNING";
    public required string CreatorName { get; set; }
}

// The SQL warehouses API (/api/2.0/sql/warehouses) with the service's field rules: size from the documented list,
// auto_stop_mins 0 or at least 10, 1 ≤ min ≤ max ≤ 40 clusters (min ≤ 30), serverless only on PRO.
internal sealed partial class DatabricksStore
{
    private static readonly string[] WarehouseSizes = ["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large", "5X-Large"];

    public JsonObject CreateWarehouse(JsonObject body) => Write(() =>
    {
        var name = (string?)body["name"];
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Invalid("Missing required field: name");
        }

        if (_state.Warehouses.Values.Any(w => w.Name == name && w.State != "DELETED"))
        {
            throw Invalid($"Warehouse with name '{name}' already exists.");
        }

        var record = new WarehouseRecord { Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(), Name = name, CreatorName = User };
        ApplyWarehouse(record, body);
        _state.Warehouses[record.Id] = record;
        return new JsonObject { ["id"] = record.Id };
    });

    public JsonObject EditWarehouse(string id, JsonObject body) => Write(() =>
    {
        var record = FindWarehouse(id);
        if ((string?)body["name"] is { Length: > 0 } name && name != record.Name && _state.Warehouses.Values.Any(w => w.Name == name && w.Id != id && w.State != "DELETED"))
        {
            throw Invalid($"Warehouse with name '{name}' already exists.");
        }

        ApplyWarehouse(record, body);
        return new JsonObject();
    });

    public JsonObject GetWarehouse(string id) => Read(() => DescribeWarehouse(FindWarehouse(id)));

    public JsonObject ListWarehouses() => Read(() => new JsonObject
    {
        ["warehouses"] = new JsonArray(_state.Warehouses.Values.Where(w => w.State != "DELETED").OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => (JsonNode)DescribeWarehouse(w)).ToArray()),
    });

    public JsonObject DeleteWarehouse(string id) => Write(() =>
    {
        _state.Warehouses.Remove(FindWarehouse(id).Id);
        _state.Permissions.Remove("warehouses/" + id);
        return new JsonObject();
    });

    public JsonObject SetWarehouseState(string id, bool start) => Write(() =>
    {
        FindWarehouse(id).State = start ? "RUNNING" : "STOPPED";
        return new JsonObject();
    });

    /// <summary>The warehouse a statement runs on: it must exist, and a stopped one starts (as the service auto-starts it).</summary>
    private WarehouseRecord StatementWarehouse(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw Invalid("warehouse_id is required.");
        }

        var record = FindWarehouse(id);
        record.State = "RUNNING";
        return record;
    }

    private WarehouseRecord FindWarehouse(string id) =>
        _state.Warehouses.TryGetValue(id, out var record) && record.State != "DELETED"
            ? record
            : throw NotFound($"Warehouse {id} does not exist.");

    private static void ApplyWarehouse(WarehouseRecord record, JsonObject body)
    {
        if (body["name"] is not null)
        {
            var name = (string)body["name"]!;
            if (name.Length >= 100)
            {
                throw Invalid("Warehouse name must be less than 100 characters.");
            }

            record.Name = name;
        }

        var size = (string?)body["cluster_size"] ?? record.ClusterSize;
        if (!WarehouseSizes.Contains(size))
        {
            throw Invalid($"Invalid cluster_size '{size}'. Supported sizes: {string.Join(", ", WarehouseSizes)}.");
        }

        var autoStop = (int?)body["auto_stop_mins"].AsLong("auto_stop_mins") ?? record.AutoStopMins;
        if (autoStop is not 0 and < 10)
        {
            throw Invalid("auto_stop_mins must be 0 (no autostop) or at least 10 minutes.");
        }

        var min = (int?)body["min_num_clusters"].AsLong("min_num_clusters") ?? record.MinNumClusters;
        var max = (int?)body["max_num_clusters"].AsLong("max_num_clusters") ?? record.MaxNumClusters;
        if (min < 1 || min > 30 || min > max || max > 40)
        {
            throw Invalid("min_num_clusters must be > 0 and <= min(max_num_clusters, 30); max_num_clusters must be <= 40.");
        }

        var type = (string?)body["warehouse_type"] ?? record.WarehouseType;
        if (type is not ("PRO" or "CLASSIC"))
        {
            throw Invalid($"Invalid warehouse_type '{type}'. Supported: PRO, CLASSIC.");
        }

        var serverless = body["enable_serverless_compute"] is { } s ? s.GetValue<bool>() : record.EnableServerlessCompute;
        if (serverless && type != "PRO")
        {
            throw Invalid("Serverless compute requires warehouse_type PRO.");
        }

        if (body["tags"] is JsonObject tags && (tags["custom_tags"] as JsonArray)?.Count >= 45)
        {
            throw Invalid("A warehouse takes fewer than 45 custom tags.");
        }

        (record.ClusterSize, record.AutoStopMins, record.MinNumClusters, record.MaxNumClusters, record.WarehouseType, record.EnableServerlessCompute) =
            (size, autoStop, min, max, type, serverless);
        record.EnablePhoton = body["enable_photon"] is { } photon ? photon.GetValue<bool>() : record.EnablePhoton;
        record.SpotInstancePolicy = (string?)body["spot_instance_policy"] ?? record.SpotInstancePolicy;
        record.Tags = body["tags"] is JsonObject newTags ? (JsonObject)newTags.DeepClone() : record.Tags;
    }

    private static JsonObject DescribeWarehouse(WarehouseRecord w) => new()
    {
        ["id"] = w.Id,
        ["name"] = w.Name,
        ["cluster_size"] = w.ClusterSize,
        ["min_num_clusters"] = w.MinNumClusters,
        ["max_num_clusters"] = w.MaxNumClusters,
        ["auto_stop_mins"] = w.AutoStopMins,
        ["enable_photon"] = w.EnablePhoton,
        ["enable_serverless_compute"] = w.EnableServerlessCompute,
        ["warehouse_type"] = w.WarehouseType,
        ["spot_instance_policy"] = w.SpotInstancePolicy,
        ["tags"] = w.Tags?.DeepClone() ?? new JsonObject(),
        ["state"] = w.State,
        ["creator_name"] = w.CreatorName,
        ["num_clusters"] = w.State == "RUNNING" ? 1 : 0,
        ["num_active_sessions"] = 0,
        ["channel"] = new JsonObject { ["name"] = "CHANNEL_NAME_CURRENT" },
        ["health"] = new JsonObject { ["status"] = "HEALTHY" },
        ["odbc_params"] = new JsonObject { ["path"] = "/sql/1.0/warehouses/" + w.Id, ["protocol"] = "https", ["port"] = 443 },
    };
}
