using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Model.Governance;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// Deploys a scaled workspace (200 jobs, 1,000 notebooks, 2 policies) to a fresh sandbox under a 15 requests/s client
/// limit (the sandbox enforces the same limit), and compares the elapsed time with the floor requests ÷ rate. Then, in
/// the same run: a no-change re-deploy (its requests next to the first deploy's), a re-deploy after one notebook was
/// edited out of band (caught and repaired?), and a re-deploy after the notebook manifest was deleted (full comparison,
/// no duplicates). Job grants are read as a deploy reads them: in turn, governance.yaml's jobPermissionReadsPerDeploy
/// per deploy (the Permissions API has no list call). Targets: first deploy ≤ 1.1× the floor; no-change re-deploy
/// ≤ 50 requests, no planned change and no write but the manifest's (it records which grants were read); the edit
/// repaired; 0 duplicates.
/// Arguments: [jobs] [notebooks] [rate].
/// </summary>
public sealed class DeployBenchmark : IBenchmark
{
    private const string Root = "/Shared/InsightPulseAI/Juicer";
    private const double FloorTarget = 1.1;
    private const int NoChangeRequestTarget = 50;

    public string Name => "deploy";

    public string Description => "200 jobs + 1,000 notebooks at 15 req/s: first deploy vs requests ÷ rate (≤ 1.1×), no-change re-deploy (≤ 50 requests), an out-of-band edit caught, a lost manifest (0 duplicates)";

    public async Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var jobs = args.Length > 0 ? int.Parse(args[0]) : 200;
        var notebooks = args.Length > 1 ? int.Parse(args[1]) : 1000;
        var rate = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 15;
        var layers = LakehouseLoader.Load(Path.Combine(repositoryRoot, "templates", LakehouseDeclaration.FileName)).LayerNames;
        var readsPerDeploy = GovernanceLoader.Load(Path.Combine(repositoryRoot, "templates", GovernanceDeclaration.FileName), layers).JobPermissionReadsPerDeploy;
        var state = Path.Combine(Path.GetTempPath(), "projectscout-bench-deploy-" + Guid.NewGuid().ToString("N")[..8]);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = state, TemplateEvaluator = new BicepTemplateEvaluator() });
        server.Faults.SetRateLimit(rate);
        try
        {
            var bundle = new WorkspaceDesired(Bundle(jobs, notebooks), null) { JobPermissionReads = readsPerDeploy };
            using var client = new DatabricksClient(new DatabricksClientOptions
            {
                Host = server.DatabricksEndpoint,
                Credential = new StaticTokenCredential("bench"),
                PinnedCertificate = server.Certificate,
                RateLimitPerSecond = rate,
            });
            using var outOfBand = server.CreateClient(SandboxService.Databricks);
            var reconciler = new WorkspaceReconciler(client);

            var clock = Stopwatch.StartNew();
            var plan = await reconciler.PlanAsync(bundle);
            await reconciler.ApplyAsync(plan);
            var elapsed = clock.Elapsed;
            var deployRequests = client.RequestCount;
            // The floor counts only the requests the deploy needed: attempts the sandbox refused with 429 are overhead.
            var throttled = server.Requests.Count(status: 429);
            var needed = deployRequests - throttled;
            var floor = TimeSpan.FromSeconds(needed / rate);
            var ratio = elapsed / floor;
            Console.WriteLine($"   deploy:    {plan.Changes().Count} objects ({jobs} jobs, {notebooks} notebooks, {bundle.Bundle.Policies.Count} policies), {deployRequests} requests in {elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"   floor:     {needed} needed requests ÷ {rate} req/s = {floor.TotalSeconds:0.0} s → {ratio:0.00}× the floor (target ≤ {FloorTarget}×); {throttled} further attempts got 429 and were retried");

            var noChange = await RedeployAsync(server, reconciler, client, bundle, "no-change");
            var noChangeMet = noChange.Requests.Count <= NoChangeRequestTarget && noChange.Writes.All(IsManifest) && noChange.Changes.Count == 0;
            var grantReads = noChange.Requests.Count(e => e.Operation == "permissions/get");
            Console.WriteLine($"              {noChange.Requests.Count} requests vs {deployRequests} for the first deploy ({(double)noChange.Requests.Count / deployRequests:P1}; target ≤ {NoChangeRequestTarget} requests, no change)");
            Console.WriteLine($"              of them {grantReads} job grant reads ({(readsPerDeploy is { } n ? $"jobPermissionReadsPerDeploy {n}: every job's grants read within {(jobs + n - 1) / n} deploys" : "every job, every deploy")}); writes: {(noChange.Writes.Count == 0 ? "none" : string.Join(", ", noChange.Writes))}");

            // Someone overwrites a notebook in the workspace: its listed modified time moves, so the re-deploy exports it.
            var edited = bundle.Bundle.Notebooks[notebooks / 2];
            await Task.Delay(TimeSpan.FromSeconds(1)); // the sandbox's rate limit covers this client too
            (await outOfBand.PostAsJsonAsync("api/2.0/workspace/import", new
            {
                path = edited.WorkspacePath, format = "SOURCE", language = "PYTHON", overwrite = true,
                content = Convert.ToBase64String("# Databricks notebook source\nprint('hot fix')\n"u8.ToArray()),
            })).EnsureSuccessStatusCode();
            var repair = await RedeployAsync(server, reconciler, client, bundle, "edited");
            var repaired = await client.ExportAsync(edited.WorkspacePath);
            var caught = repair.Changes.Count == 1 && repair.Changes[0].Name == edited.WorkspacePath && repair.Changes[0].Action == ChangeAction.Update
                && repaired is not null && JsonNormalizer.NotebookHash(repaired) == JsonNormalizer.NotebookHash(edited.Content);
            Console.WriteLine($"              out-of-band edit of {edited.RelativePath}: {(caught ? "caught and repaired" : "NOT CAUGHT")}");

            // The manifest is lost: every notebook is exported and compared, nothing is created twice.
            await Task.Delay(TimeSpan.FromSeconds(1));
            (await outOfBand.PostAsJsonAsync("api/2.0/workspace/delete", new { path = WorkspaceManifest.PathUnder(Root), recursive = false })).EnsureSuccessStatusCode();
            var lost = await RedeployAsync(server, reconciler, client, bundle, "no manifest");
            var exports = lost.Requests.Count(e => e.Operation == "workspace/export");
            var liveJobs = (await client.ListJobsAsync()).Count;
            var liveNotebooks = await CountNotebooksAsync(client, Root);
            var duplicates = liveJobs - jobs + liveNotebooks - notebooks;
            var fellBack = lost.Changes.Count == 0 && exports >= notebooks && duplicates == 0;
            Console.WriteLine($"              {exports} exports (full comparison), {liveJobs} jobs and {liveNotebooks} notebooks live → {duplicates} duplicates (target 0)");

            var again = await RedeployAsync(server, reconciler, client, bundle, "after rewrite");
            return ratio <= FloorTarget && noChangeMet && caught && fellBack && again.Requests.Count <= NoChangeRequestTarget && again.Changes.Count == 0;
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(state, recursive: true);
        }
    }

    private sealed record Redeploy(IReadOnlyList<ProjectScout.Sandbox.Hosting.RequestLogEntry> Requests, IReadOnlyList<string> Writes, IReadOnlyList<PlanChange> Changes);

    private static bool IsManifest(string write) => write == "manifest rewritten";

    /// <summary>
    /// Plans and applies the same bundle again, as a deploy does: with nothing to apply, only what the plan read is
    /// recorded (the manifest). Prints its requests by operation.
    /// </summary>
    private static async Task<Redeploy> RedeployAsync(SandboxServer server, WorkspaceReconciler reconciler, DatabricksClient client, WorkspaceDesired bundle, string label)
    {
        var manifestBefore = await client.ExportAsync(WorkspaceManifest.PathUnder(Root), format: "RAW");
        var before = server.Requests.Entries.Select(e => e.Sequence).DefaultIfEmpty(0).Max();
        var clock = Stopwatch.StartNew();
        var plan = await reconciler.PlanAsync(bundle);
        await reconciler.ApplyAsync(plan);
        var requests = server.Requests.Entries.Where(e => e.Sequence > before && e.Status != 429).ToList();
        var elapsed = clock.Elapsed;
        // An import names its path only in its body: one import, and the manifest's bytes changed, means it was the manifest.
        var manifestAfter = await client.ExportAsync(WorkspaceManifest.PathUnder(Root), format: "RAW");
        var writes = requests.Where(e => e.Method != "GET").Select(e => $"{e.Method} {e.Path}").ToList();
        if (writes is ["POST /api/2.0/workspace/import"] && !(manifestBefore ?? []).SequenceEqual(manifestAfter ?? []))
        {
            writes = ["manifest rewritten"];
        }

        var changes = plan.Changes().Where(c => c.Action != ChangeAction.NoChange).ToList();
        Console.WriteLine($"   re-deploy ({label}): {requests.Count} requests ({writes.Count} writes, {changes.Count} planned changes) in {elapsed.TotalSeconds:0.0} s: "
            + string.Join(", ", requests.GroupBy(e => e.Operation).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        return new Redeploy(requests, writes, changes);
    }

    private static async Task<int> CountNotebooksAsync(DatabricksClient client, string folder)
    {
        var count = 0;
        foreach (var item in await client.ListAsync(folder))
        {
            count += item["object_type"]?.ToString() switch
            {
                "NOTEBOOK" => 1,
                "DIRECTORY" => await CountNotebooksAsync(client, item["path"]!.ToString()),
                _ => 0,
            };
        }

        return count;
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
