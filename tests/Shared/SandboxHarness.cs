using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Tests;

/// <summary>A sandbox on 127.0.0.1 in a scratch state folder, and in-memory bundles to deploy to it.</summary>
internal static class SandboxHarness
{
    public const string Root = "/Shared/InsightPulseAI/Juicer";

    public static Task<SandboxServer> StartAsync(string stateDirectory) =>
        SandboxServer.StartAsync(new SandboxOptions { StateDirectory = stateDirectory, OperationRetryAfterSeconds = 0, TemplateEvaluator = new BicepTemplateEvaluator() });

    public static DatabricksClient Client(SandboxServer server, double rate = 500) => new(new DatabricksClientOptions
    {
        Host = server.DatabricksEndpoint,
        Credential = new StaticTokenCredential("test-token"),
        PinnedCertificate = server.Certificate,
        RateLimitPerSecond = rate,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>Requests that change state: everything but GET/HEAD and ARM's read-only POSTs (validate, what-if).</summary>
    public static IReadOnlyList<string> Writes(SandboxServer server, long after = 0) =>
        server.Requests.Entries
            .Where(e => e.Sequence > after && e.Method is not ("GET" or "HEAD") && e.Operation is not ("arm/deployments/validate" or "arm/deployments/whatif"))
            .Select(e => $"{e.Method} {e.Path}")
            .ToList();

    public static long LastSequence(SandboxServer server) => server.Requests.Entries.Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>A bundle shaped like the rendered artifacts: policies, notebooks and jobs whose clusters reference a policy.</summary>
    public static WorkspaceBundle Bundle(int jobs, int notebooks, string variant = "", int folders = 10)
    {
        var policies = new List<BundlePolicy>
        {
            Policy("bronze", "juicer-bronze", """{"spark_version":{"type":"fixed","value":"15.4.x-scala2.12"},"autotermination_minutes":{"type":"range","maxValue":60}}"""),
            Policy("silver", "juicer-silver", """{"spark_version":{"type":"fixed","value":"15.4.x-scala2.12"}}"""),
        };
        var books = Enumerable.Range(0, notebooks).Select(i =>
        {
            var relative = $"layer{i % folders}/notebook_{i:0000}";
            var content = Encoding.UTF8.GetBytes($"# Databricks notebook source\nprint('notebook {i}{variant}')\n");
            return new BundleNotebook(relative, $"{Root}/{relative}", NotebookLanguage.Python, content, GeneratedFiles.Sha256(content), relative + ".py");
        }).ToList();
        var jobList = Enumerable.Range(0, jobs).Select(i =>
        {
            var key = $"job-{i:000}";
            var settings = JsonNode.Parse($$$"""
                {"name":"Juicer {{{key}}}","max_concurrent_runs":1,
                 "tags":{"managed_by":"projectscout-build","projectscout_key":"{{{key}}}","layer":"bronze"},
                 "email_notifications":{"on_failure":["data-platform@tbwa-projectscout.com"]},
                 "schedule":{"quartz_cron_expression":"0 0 2 * * ?","timezone_id":"UTC","pause_status":"PAUSED"},
                 "job_clusters":[{"job_cluster_key":"main","new_cluster":{"spark_version":"15.4.x-scala2.12","node_type_id":"Standard_D4ds_v5",
                    "autoscale":{"min_workers":1,"max_workers":2},"policy_id":"policy:{{{(i % 2 == 0 ? "bronze" : "silver")}}}"}}],
                 "tasks":[{"task_key":"ingest","job_cluster_key":"main","notebook_task":{"notebook_path":"{{{Root}}}/layer0/notebook_0000"}},
                          {"task_key":"check","job_cluster_key":"main","depends_on":[{"task_key":"ingest"}],
                           "notebook_task":{"base_parameters":{"variant":"{{{variant}}}"},"notebook_path":"{{{Root}}}/layer1/notebook_0001"}}]}
                """)!.AsObject();
            return new BundleJob(key, settings, "", key + ".json");
        }).ToList();
        return new WorkspaceBundle { NotebookRoot = Root, Notebooks = books, Jobs = jobList, Policies = policies };
    }

    private static BundlePolicy Policy(string key, string name, string definition) =>
        new(key, name, $"Juicer {key} clusters", JsonNode.Parse(definition)!.AsObject(), "", key + ".json");

    /// <summary>Managed jobs in the workspace, by key.</summary>
    public static async Task<ILookup<string, long>> ManagedJobsAsync(DatabricksClient client) =>
        (await client.ListJobsAsync()).Where(j => j["settings"]?["tags"]?[WorkspaceBundle.ManagedByTag]?.ToString() == WorkspaceBundle.ManagedByValue)
            .ToLookup(j => j["settings"]!["tags"]![WorkspaceBundle.KeyTag]!.ToString(), j => j["job_id"]!.GetValue<long>());
}
