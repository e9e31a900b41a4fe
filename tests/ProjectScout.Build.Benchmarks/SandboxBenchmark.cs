using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Toolkit.Bicep;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// How fast the sandbox answers: Databricks calls (p50/p95 over jobs and workspace imports, state written on every
/// mutation) and ARM deployments end to end (PUT, status polling, result), cold and warm Bicep.
/// Targets: Databricks p95 under 25 ms; a warm deployment under 2 s.
/// </summary>
public sealed class SandboxBenchmark : IBenchmark
{
    public string Name => "sandbox";

    public string Description => "sandbox latency: Databricks calls (p95 < 25 ms) and a warm ARM deployment (< 2 s)";

    public async Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var root = Path.Combine(Path.GetTempPath(), "projectscout-bench-sandbox-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = Path.Combine(root, "state"), OperationRetryAfterSeconds = 0, TemplateEvaluator = new BicepTemplateEvaluator() });
            using var databricks = server.CreateClient(SandboxService.Databricks);
            using var arm = server.CreateClient(SandboxService.Arm);

            var latencies = new List<double>();
            async Task Timed(Func<Task<HttpResponseMessage>> call)
            {
                var watch = Stopwatch.StartNew();
                using var response = await call();
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }

            await Timed(() => databricks.PostAsJsonAsync("api/2.0/workspace/mkdirs", new { path = "/Shared/bench" }));
            var notebook = Convert.ToBase64String(Encoding.UTF8.GetBytes("# Databricks notebook source\n" + new string('x', 4096)));
            for (var i = 0; i < 100; i++)
            {
                await Timed(() => databricks.PostAsJsonAsync("api/2.0/workspace/import", new { path = $"/Shared/bench/nb{i}", format = "SOURCE", language = "PYTHON", content = notebook }));
            }

            for (var i = 0; i < 200; i++)
            {
                await Timed(() => databricks.PostAsJsonAsync("api/2.2/jobs/create", new
                {
                    name = $"bench-{i}",
                    tags = new { bench = "true" },
                    tasks = new[] { new { task_key = "t", existing_cluster_id = "c" } },
                }));
            }

            for (var i = 0; i < 200; i++)
            {
                await Timed(() => databricks.GetAsync("api/2.2/jobs/list?limit=100&name=bench-" + i));
            }

            latencies.Sort();
            var p50 = latencies[latencies.Count / 2];
            var p95 = latencies[(int)(latencies.Count * 0.95)];
            Console.WriteLine($"   databricks: {latencies.Count} calls, p50 {p50:F1} ms, p95 {p95:F1} ms, max {latencies[^1]:F1} ms (target p95 < 25 ms: ratio {p95 / 25:F2})");

            const string group = "subscriptions/5a4d0b0c-5c07-4b1d-9a11-000000000001/resourcegroups/rg-bench";
            (await arm.PutAsJsonAsync($"{group}?api-version=2025-04-01", new { location = "eastus2" })).EnsureSuccessStatusCode();
            var cold = await DeployAsync(arm, group, "cold", "stbenchcold01");
            var warm = await DeployAsync(arm, group, "warm", "stbenchwarm01");
            Console.WriteLine($"   arm deployment: cold {cold.TotalSeconds:F2} s (starts bicep), warm {warm.TotalSeconds:F2} s (target < 2 s: ratio {warm.TotalSeconds / 2:F2})");
            Console.WriteLine($"   requests logged: {server.Requests.Count()}");
            return p95 < 25 && warm < TimeSpan.FromSeconds(2);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<TimeSpan> DeployAsync(HttpClient arm, string group, string name, string storage)
    {
        var template = JsonNode.Parse($$"""
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "parameters": { "name": { "type": "string" } },
              "resources": [
                {
                  "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-05-01", "name": "[parameters('name')]",
                  "location": "[resourceGroup().location]", "sku": { "name": "Standard_LRS" }, "kind": "StorageV2",
                  "properties": { "minimumTlsVersion": "TLS1_2" }
                }
              ],
              "outputs": { "id": { "type": "string", "value": "[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]" } }
            }
            """);
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["mode"] = "Incremental",
                ["template"] = template,
                ["parameters"] = new JsonObject { ["name"] = new JsonObject { ["value"] = storage } },
            },
        };
        var watch = Stopwatch.StartNew();
        using var put = await arm.PutAsync($"{group}/providers/Microsoft.Resources/deployments/{name}?api-version=2025-04-01",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();
        var status = put.Headers.GetValues("Azure-AsyncOperation").Single();
        while (true)
        {
            var state = (string?)JsonNode.Parse(await arm.GetStringAsync(status))!["status"];
            if (state != "Running")
            {
                if (state != "Succeeded")
                {
                    throw new InvalidOperationException($"deployment {name} ended {state}");
                }

                return watch.Elapsed;
            }

            await Task.Delay(20);
        }
    }
}
