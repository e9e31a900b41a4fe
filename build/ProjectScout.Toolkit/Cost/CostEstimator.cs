using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Workspace;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Cost;

/// <summary>
/// One line of the estimate: an ARM resource (plane arm, its type and name) or a job cluster of a job (plane
/// databricks, kind job, name job key). <paramref name="Low"/>..<paramref name="High"/> is the monthly cost in the
/// sheet's currency (min to max workers for a job cluster; equal for a resource); null when it could not be priced,
/// <paramref name="Basis"/> then says what is missing.
/// </summary>
public sealed record CostLine(string Plane, string Kind, string Name, string Basis, decimal? Low, decimal? High, IReadOnlyList<string> PriceKeys)
{
    public bool Priced => Low is not null;

    /// <summary>A job cluster's position in the job's job_clusters (what a plan's attribute path names); null for a resource.</summary>
    public int? ClusterIndex { get; init; }

    /// <summary>A job cluster's monthly cost of one node (runs × hours × node price): what one worker more or less changes.</summary>
    public decimal? PerNodeMonthly { get; init; }
}

/// <summary>The monthly estimate of one environment.</summary>
public sealed record CostEstimate(string Environment, string Currency, IReadOnlyList<CostLine> Lines, IReadOnlyList<CostLine> NoCharge, IReadOnlyList<Price> PricesUsed)
{
    public IReadOnlyList<CostLine> Unpriced => Lines.Where(l => !l.Priced).ToList();

    public decimal MonthlyLow => Lines.Sum(l => l.Low ?? 0);

    public decimal MonthlyHigh => Lines.Sum(l => l.High ?? 0);

    /// <summary>The upper bound (every job cluster at its max workers): what a budget should hold.</summary>
    public decimal MonthlyTotal => MonthlyHigh;

    /// <summary>The line of a planned change's object (ARM: type + name; a job: its key), or null.</summary>
    public decimal? MonthlyOf(string plane, string kind, string name) =>
        Lines.Where(l => l.Plane == plane && string.Equals(l.Kind, kind, StringComparison.OrdinalIgnoreCase) && l.Name == name && l.Priced)
            .Select(l => l.High).Aggregate((decimal?)null, (sum, v) => (sum ?? 0) + v);
}

/// <summary>
/// Builds the estimate from the compiled snapshots (resources and SKUs), the rendered jobs (schedules → runs per month,
/// job clusters' node types and autoscale bounds, timeouts), the assumptions and the price sheet. Arithmetic only;
/// nothing is fetched.
/// </summary>
public static class CostEstimator
{
    public const decimal HoursPerMonth = 24m * QuartzRuns.DaysPerMonth;
    public const string DatabricksPlane = "databricks";
    public const string JobKind = "job";

    public static CostEstimate Estimate(EnvironmentDefinition environment, IReadOnlyList<SnapshotResource> resources, IReadOnlyList<BundleJob> jobs,
        PriceSheet sheet, CostAssumptions assumptions)
    {
        var used = new SortedDictionary<string, Price>(StringComparer.Ordinal);
        Price? Use(string key)
        {
            var price = sheet.Find(key);
            if (price is not null)
            {
                used[key] = price;
            }

            return price;
        }

        var lines = new List<CostLine>();
        var free = new List<CostLine>();
        foreach (var r in resources.Where(r => !r.Id.StartsWith('[')).DistinctBy(r => (r.Type.ToLowerInvariant(), r.Name)))
        {
            if (sheet.NoCharge.TryGetValue(r.Type, out var reason))
            {
                free.Add(new CostLine("arm", r.Type, r.Name, reason, 0, 0, []));
                continue;
            }

            lines.Add(Resource(environment, r, assumptions, Use));
        }

        foreach (var job in jobs)
        {
            lines.AddRange(Job(job, sheet, assumptions, Use));
        }

        return new CostEstimate(environment.Name, sheet.Currency, lines, free, used.Values.ToList());
    }

    private static CostLine Resource(EnvironmentDefinition environment, SnapshotResource r, CostAssumptions assumptions, Func<string, Price?> use)
    {
        CostLine Line(string basis, string key, decimal quantity)
        {
            var price = use(key);
            return price is null
                ? new CostLine("arm", r.Type, r.Name, $"no price '{key}' in the sheet", null, null, [key])
                : new CostLine("arm", r.Type, r.Name, $"{basis} × {price.Amount.ToString(CultureInfo.InvariantCulture)}/{price.Unit}", quantity * price.Amount, quantity * price.Amount, [key]);
        }

        var type = r.Type;
        if (Is(type, AzureResourceTypes.StorageAccounts))
        {
            var role = r.Name == environment.Names.BackupStorageAccount ? "backup" : "lake";
            var gb = assumptions.StorageGb.GetValueOrDefault(role);
            return Line($"{gb} GB ({role}, hot)", $"storage.{Str(r.Get("sku.name"))}.hot", gb);
        }

        if (Is(type, AzureResourceTypes.LogAnalyticsWorkspaces))
        {
            var perDay = environment.Monitoring.DailyCapGb > 0 ? Math.Min(assumptions.LogIngestionGbPerDay, (decimal)environment.Monitoring.DailyCapGb) : assumptions.LogIngestionGbPerDay;
            return Line($"{Round(perDay * QuartzRuns.DaysPerMonth)} GB ingested ({perDay} GB/day)", "loganalytics.ingestion", perDay * QuartzRuns.DaysPerMonth);
        }

        if (Is(type, AzureResourceTypes.NatGateways))
        {
            return Line($"{Round(HoursPerMonth)} h", "nat.gateway", HoursPerMonth);
        }

        if (Is(type, AzureResourceTypes.PublicIpAddresses))
        {
            return Line($"{Round(HoursPerMonth)} h", "network.public-ip", HoursPerMonth);
        }

        if (Is(type, AzureResourceTypes.PrivateEndpoints))
        {
            return Line($"{Round(HoursPerMonth)} h", "network.private-endpoint", HoursPerMonth);
        }

        return new CostLine("arm", type, r.Name, $"no price for {type} in the sheet", null, null, []);
    }

    private static IEnumerable<CostLine> Job(BundleJob job, PriceSheet sheet, CostAssumptions assumptions, Func<string, Price?> use)
    {
        var settings = job.Settings;
        var cron = Str(settings["schedule"]?["quartz_cron_expression"]);
        var paused = Str(settings["schedule"]?["pause_status"]) == "PAUSED";
        var runs = cron.Length == 0 || paused ? 0m : QuartzRuns.PerMonth(cron);
        var timeoutHours = settings["timeout_seconds"] is JsonValue t && t.TryGetValue<int>(out var seconds) && seconds > 0 ? seconds / 3600m : (decimal?)null;
        var hours = assumptions.JobHours.GetValueOrDefault(job.Key);
        var index = -1;
        foreach (var cluster in (settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>())
        {
            index++;
            var key = Str(cluster["job_cluster_key"]);
            var spec = cluster["new_cluster"] as JsonObject ?? [];
            var node = Str(spec["node_type_id"]);
            var (min, max) = spec["autoscale"] is JsonObject a ? (Int(a["min_workers"]), Int(a["max_workers"])) : (Int(spec["num_workers"]), Int(spec["num_workers"]));
            var name = $"{job.Key}.{key}";
            string Missing(string what) => $"{what}; {node}, {min}-{max} workers";
            if (runs is null)
            {
                yield return new CostLine(DatabricksPlane, JobKind, job.Key, Missing($"{name}: schedule '{cron}' not estimated"), null, null, []);
                continue;
            }

            if (hours is null || !hours.TryGetValue(key, out var perRun))
            {
                yield return new CostLine(DatabricksPlane, JobKind, job.Key, Missing($"{name}: no assumed hours per run in {CostAssumptions.FileName}"), null, null, []);
                continue;
            }

            perRun = timeoutHours is { } cap && perRun > cap ? cap : perRun;
            var vm = use("vm." + node);
            var dbu = use("dbu.premium-jobs");
            var rate = sheet.Dbu(node);
            if (vm is null || dbu is null || rate is null)
            {
                var absent = new[] { vm is null ? $"price 'vm.{node}'" : null, dbu is null ? "price 'dbu.premium-jobs'" : null, rate is null ? $"DBU rate of {node}" : null }.OfType<string>();
                yield return new CostLine(DatabricksPlane, JobKind, job.Key, Missing($"{name}: no {string.Join(", ", absent)} in the sheet"), null, null, [$"vm.{node}", "dbu.premium-jobs"]);
                continue;
            }

            var nodeHour = vm.Amount + rate.DbuPerHour * dbu.Amount;
            var clusterHours = runs.Value * perRun;
            yield return new CostLine(DatabricksPlane, JobKind, job.Key,
                $"{name}: {Round(runs.Value)} runs × {perRun} h × (1 driver + {min}-{max} workers) {node} × ({vm.Amount.ToString(CultureInfo.InvariantCulture)} VM + {rate.DbuPerHour.ToString(CultureInfo.InvariantCulture)} DBU × {dbu.Amount.ToString(CultureInfo.InvariantCulture)})",
                clusterHours * (1 + min) * nodeHour, clusterHours * (1 + max) * nodeHour, [$"vm.{node}", "dbu.premium-jobs"])
            {
                ClusterIndex = index,
                PerNodeMonthly = clusterHours * nodeHour,
            };
        }
    }

    private static bool Is(string type, AzureResourceType declared) => string.Equals(type, declared.Name, StringComparison.OrdinalIgnoreCase);

    private static int Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    public static string Round(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);
}
