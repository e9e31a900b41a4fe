using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Rendering;

namespace ProjectScout.Toolkit.Quality;

/// <summary>
/// An AI/BI (Lakeview) dashboard of the quality gates' results, as the .lvdash.json interchange format (datasets with
/// queryLines; pages whose layout holds widgets with a query on a dataset, a spec and a grid position): failing rules
/// per day and layer, the pass rate per layer and the latest result of every rule. Generated per environment from the
/// lakehouse declaration and the environment's catalog; shipped in the release for import.
/// </summary>
public static class QualityDashboard
{
    public const string DisplayName = "data-quality";

    public const string FileName = DisplayName + Databricks.Adapters.DashboardSpec.Extension;

    /// <summary>The dashboard as the workspace deploys it (DashboardAdapter, in the notebook root).</summary>
    public static Databricks.Adapters.DashboardSpec Spec(LakehouseDeclaration lakehouse, string catalog) => new(DisplayName, Render(lakehouse, catalog));

    public static string Render(LakehouseDeclaration lakehouse, string catalog)
    {
        var table = $"{catalog}.{lakehouse.UnityCatalog.ResultsSchema}.{lakehouse.UnityCatalog.ResultsTable}";
        var layers = string.Join(", ", lakehouse.LayerNames.Select(l => $"'{l}'"));
        var dashboard = new JsonObject
        {
            ["datasets"] = new JsonArray(
                Dataset("daily_by_layer", "Rule results per day and layer",
                    $"SELECT date_trunc('DAY', evaluated_at) AS day, layer, count_if(NOT passed) AS failing_rules, count(*) AS evaluated_rules, " +
                    $"round(100 * avg(CAST(passed AS INT)), 1) AS pass_rate FROM {table} WHERE layer IN ({layers}) GROUP BY ALL ORDER BY day"),
                Dataset("latest_by_rule", "Latest result of every rule",
                    $"SELECT layer, table_name, rule_id, rule_kind, severity, passed, failing_rows, total_rows, observed_value, threshold, evaluated_at FROM {table} " +
                    "QUALIFY row_number() OVER (PARTITION BY layer, table_name, rule_id ORDER BY evaluated_at DESC) = 1 ORDER BY passed, severity, layer, table_name, rule_id"),
                Dataset("failing_rows_by_rule", "Failing rows per day and rule",
                    $"SELECT date_trunc('DAY', evaluated_at) AS day, concat(layer, '.', table_name, '.', rule_id) AS rule, sum(failing_rows) AS failing_rows FROM {table} GROUP BY ALL ORDER BY day")),
            ["pages"] = new JsonArray(new JsonObject
            {
                ["name"] = "quality",
                ["displayName"] = "Data quality",
                ["layout"] = new JsonArray(
                    Chart("failing_by_layer", "daily_by_layer", "line", "day", "failing_rules", "layer", 0, 0),
                    Chart("pass_rate_by_layer", "daily_by_layer", "line", "day", "pass_rate", "layer", 3, 0),
                    Chart("failing_rows_by_rule", "failing_rows_by_rule", "bar", "day", "failing_rows", "rule", 0, 6),
                    Table("latest_by_rule", 3, 6)),
            }),
        };
        return dashboard.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject Dataset(string name, string displayName, string query) =>
        new() { ["name"] = name, ["displayName"] = displayName, ["queryLines"] = new JsonArray(query) };

    private static JsonObject Chart(string name, string dataset, string type, string x, string y, string color, int left, int top) => Widget(name, dataset, [x, y, color],
        new JsonObject
        {
            ["version"] = 3,
            ["widgetType"] = type,
            ["encodings"] = new JsonObject
            {
                ["x"] = new JsonObject { ["fieldName"] = x, ["scale"] = new JsonObject { ["type"] = "temporal" } },
                ["y"] = new JsonObject { ["fieldName"] = y, ["scale"] = new JsonObject { ["type"] = "quantitative" } },
                ["color"] = new JsonObject { ["fieldName"] = color, ["scale"] = new JsonObject { ["type"] = "categorical" } },
            },
            ["frame"] = new JsonObject { ["showTitle"] = true, ["title"] = name.Replace('_', ' ') },
        }, left, top);

    private static JsonObject Table(string dataset, int left, int top)
    {
        string[] columns = ["layer", "table_name", "rule_id", "severity", "passed", "failing_rows", "threshold", "evaluated_at"];
        return Widget(dataset, dataset, columns, new JsonObject
        {
            ["version"] = 1,
            ["widgetType"] = "table",
            ["encodings"] = new JsonObject { ["columns"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["fieldName"] = c }).ToArray()) },
            ["frame"] = new JsonObject { ["showTitle"] = true, ["title"] = "latest result of every rule" },
        }, left, top);
    }

    private static JsonObject Widget(string name, string dataset, IReadOnlyList<string> fields, JsonObject spec, int left, int top) => new()
    {
        ["widget"] = new JsonObject
        {
            ["name"] = name,
            ["queries"] = new JsonArray(new JsonObject
            {
                ["name"] = "main_query",
                ["query"] = new JsonObject
                {
                    ["datasetName"] = dataset,
                    ["fields"] = new JsonArray(fields.Select(f => (JsonNode)new JsonObject { ["name"] = f, ["expression"] = $"`{f}`" }).ToArray()),
                    ["disaggregated"] = true,
                },
            }),
            ["spec"] = spec,
        },
        ["position"] = new JsonObject { ["x"] = left, ["y"] = top, ["width"] = 3, ["height"] = 6 },
    };
}
