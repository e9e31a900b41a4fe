using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// Deploys a scaled workspace (200 jobs, 1,000 notebooks, 2 policies) to a fresh sandbox under a 15 requests/s client
/// limit (the sandbox enforces the same limit), and compares the elapsed time with the floor requests ÷ rate. Then
/// re-deploys the same bundle and counts its requests, which must all be reads.
/// Arguments: [jobs] [notebooks] [rate].
/// </summary>
public sealed class DeployBenchmark : IBenchmark
{
    private const string Root = "/Shared/InsightPulseAI/Juicer";

    public string Name => "deploy";

    public string Description => "200 jobs + 1,000 notebooks to the sandbox at 15 req/s: elapsed vs requests ÷ rate (target ≤ 1.25×), and a no-change re-deploy's requests (reads only)";

    public async Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var jobs = args.Length > 0 ? int.Parse(args[0]) : 200;
        var notebooks = args.Length > 1 ? int.Parse(args[1]) : 1000;
        var rate = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 15;
        var state = Path.Combine(Path.GetTempPath(), "projectscout-bench-deploy-" + Guid.NewGuid().ToString("N")[..8]);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = state, TemplateEvaluator = new BicepTemplateEvaluator() });
        server.Faults.SetRateLimit(rate);
        try
        {
            var bundle = Bundle(jobs, notebooks);
            using var client = new DatabricksClient(new DatabricksClientOptions
            {
                Host = server.DatabricksEndpoint,
                Credential = new StaticTokenCredential("bench"),
                PinnedCertificate = server.Certificate,
                RateLimitPerSecond = rate,
            });
            var reconciler = new WorkspaceReconciler(client);

            var clock = Stopwatch.StartNew();
            var plan = await reconciler.PlanAsync(bundle, null);
            await reconciler.ApplyAsync(plan);
            var elapsed = clock.Elapsed;
            var deployRequests = client.RequestCount;
            // The floor counts only the requests the deploy needed: attempts the sandbox refused with 429 are overhead.
            var throttled = server.Requests.Count(status: 429);
            var needed = deployRequests - throttled;
            var floor = TimeSpan.FromSeconds(needed / rate);
            var ratio = elapsed / floor;

            var before = server.Requests.Entries.Select(e => e.Sequence).DefaultIfEmpty(0).Max();
            clock.Restart();
            var again = await reconciler.PlanAsync(bundle, null);
            await reconciler.ApplyAsync(again);
            var redeployElapsed = clock.Elapsed;
            var redeploy = server.Requests.Entries.Where(e => e.Sequence > before).ToList();
            var writes = redeploy.Count(e => e.Method != "GET");
            var changes = again.Changes().Count(c => c.Action != ChangeAction.NoChange);

            Console.WriteLine($"   deploy:    {plan.Changes().Count} objects ({jobs} jobs, {notebooks} notebooks, {bundle.Policies.Count} policies), {deployRequests} requests in {elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"   floor:     {needed} needed requests ÷ {rate} req/s = {floor.TotalSeconds:0.0} s → {ratio:0.00}× the floor (target ≤ 1.25×); {throttled} further attempts got 429 and were retried");
            Console.WriteLine($"   re-deploy: {redeploy.Count} requests ({writes} writes, {changes} planned changes) in {redeployElapsed.TotalSeconds:0.0} s");
            foreach (var group in redeploy.GroupBy(e => e.Operation).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"              {group.Key,-22} {group.Count(),5}");
            }

            return ratio <= 1.25 && writes == 0 && changes == 0;
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(state, recursive: true);
        }
    }

    private static WorkspaceBundle Bundle(int jobs, int notebooks)
    {
        var policies = new[] { "bronze", "silver" }.Select(key => new BundlePolicy(key, $"juicer-{key}", $"Juicer {key} clusters",
            JsonNode.Parse("""{"spark_version":{"type":"fixed","value":"15.4.x-scala2.12"}}""")!.AsObject(), "", key)).ToList();
        var books = Enumerable.Range(0, notebooks).Select(i =>
        {
            var relative = $"layer{i % 20}/notebook_{i:0000}";
            var content = Encoding.UTF8.GetBytes($"# Databricks notebook source\nprint('notebook {i}')\n");
            return new BundleNotebook(relative, $"{Root}/{relative}", NotebookLanguage.Python, content, GeneratedFiles.Sha256(content), relative);
        }).ToList();
        var jobList = Enumerable.Range(0, jobs).Select(i =>
        {
            var key = $"job-{i:000}";
            var settings = new JsonObject
            {
                ["name"] = $"Juicer {key}",
                ["tags"] = new JsonObject { [WorkspaceBundle.ManagedByTag] = WorkspaceBundle.ManagedByValue, [WorkspaceBundle.KeyTag] = key },
                ["job_clusters"] = new JsonArray(new JsonObject
                {
                    ["job_cluster_key"] = "main",
                    ["new_cluster"] = new JsonObject
                    {
                        ["spark_version"] = "15.4.x-scala2.12",
                        ["node_type_id"] = "Standard_D4ds_v5",
                        ["autoscale"] = new JsonObject { ["min_workers"] = 1, ["max_workers"] = 2 },
                        ["policy_id"] = WorkspaceBundle.PolicyPlaceholderPrefix + (i % 2 == 0 ? "bronze" : "silver"),
                    },
                }),
                ["tasks"] = new JsonArray(new JsonObject
                {
                    ["task_key"] = "run",
                    ["job_cluster_key"] = "main",
                    ["notebook_task"] = new JsonObject { ["notebook_path"] = $"{Root}/layer{i % 20}/notebook_{i:0000}" },
                }),
            };
            return new BundleJob(key, settings, "", key);
        }).ToList();
        return new WorkspaceBundle { NotebookRoot = Root, Notebooks = books, Jobs = jobList, Policies = policies };
    }
}
