using System.Text.Json.Nodes;
using System.Text.Json;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Docs;

/// <summary>Small stand-ins for compiled artifacts, shaped like bicep snapshots and Jobs API settings.</summary>
internal static class DocsFixtures
{
    public static JsonObject Snapshot(EnvironmentDefinition env, bool withLifecyclePolicy)
    {
        var group = $"/subscriptions/{env.Azure.SubscriptionId}/resourceGroups/{env.Azure.ResourceGroup}/providers";
        var account = env.Names.StorageAccount;
        var resources = new JsonArray
        {
            new JsonObject
            {
                ["id"] = $"{group}/Microsoft.Storage/storageAccounts/{account}",
                ["type"] = "Microsoft.Storage/storageAccounts",
                ["name"] = account,
                ["sku"] = new JsonObject { ["name"] = env.Storage.Sku },
                ["tags"] = new JsonObject { ["Project"] = "ProjectScout" },
                ["properties"] = new JsonObject
                {
                    ["minimumTlsVersion"] = "TLS1_2",
                    ["supportsHttpsTrafficOnly"] = true,
                    ["allowBlobPublicAccess"] = false,
                    ["allowSharedKeyAccess"] = false,
                    ["isHnsEnabled"] = true,
                    ["networkAcls"] = new JsonObject { ["defaultAction"] = "Deny" },
                },
            },
            new JsonObject
            {
                ["id"] = $"{group}/Microsoft.Storage/storageAccounts/{account}/blobServices/default",
                ["type"] = "Microsoft.Storage/storageAccounts/blobServices",
                ["name"] = $"{account}/default",
                ["properties"] = new JsonObject
                {
                    ["deleteRetentionPolicy"] = new JsonObject { ["enabled"] = true, ["days"] = env.Storage.SoftDeleteDays },
                    ["containerDeleteRetentionPolicy"] = new JsonObject { ["enabled"] = true, ["days"] = env.Storage.SoftDeleteDays },
                },
            },
        };
        if (withLifecyclePolicy)
        {
            resources.Add(new JsonObject
            {
                ["id"] = $"{group}/Microsoft.Storage/storageAccounts/{account}/managementPolicies/default",
                ["type"] = "Microsoft.Storage/storageAccounts/managementPolicies",
                ["name"] = $"{account}/default",
                ["properties"] = JsonNode.Parse("""
                    {"policy": {"rules": [
                      {"name": "raw-to-cool", "enabled": true, "type": "Lifecycle", "definition": {
                        "filters": {"blobTypes": ["blockBlob"], "prefixMatch": ["RAW_PREFIX"]},
                        "actions": {"baseBlob": {"tierToCool": {"daysAfterModificationGreaterThan": RAW_COOL_DAYS}}}}},
                      {"name": "logs-expiry", "enabled": true, "type": "Lifecycle", "definition": {
                        "filters": {"blobTypes": ["blockBlob"], "prefixMatch": ["logs/"]},
                        "actions": {"baseBlob": {"delete": {"daysAfterModificationGreaterThan": LOG_DAYS}}}}}
                    ]}}
                    """.Replace("RAW_PREFIX", env.Storage.RawPrefixes[0]).Replace("RAW_COOL_DAYS", env.Storage.RawCoolAfterDays.ToString()).Replace("LOG_DAYS", env.Storage.LogRetentionDays.ToString())),
            });
        }

        return new JsonObject { ["predictedResources"] = resources, ["diagnostics"] = new JsonArray() };
    }

    public static void WriteSnapshot(EnvironmentArtifacts artifacts, JsonObject snapshot) =>
        GeneratedFiles.Write(Path.Combine(artifacts.Snapshots, "phase1.json"), snapshot.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static void WriteJob(EnvironmentArtifacts artifacts, bool autoscale = true)
    {
        var cluster = new JsonObject { ["spark_version"] = "15.4.x-scala2.12", ["node_type_id"] = "Standard_D4ds_v5", ["policy_id"] = "policy:bronze" };
        if (autoscale)
        {
            cluster["autoscale"] = new JsonObject { ["min_workers"] = 1, ["max_workers"] = 2 };
        }
        else
        {
            cluster["num_workers"] = 2;
        }

        var job = new JsonObject
        {
            ["name"] = "Juicer daily medallion",
            ["tags"] = new JsonObject { [ProjectScout.Toolkit.Workspace.WorkspaceBundle.ManagedByTag] = ProjectScout.Toolkit.Workspace.WorkspaceBundle.ManagedByValue, [ProjectScout.Toolkit.Workspace.WorkspaceBundle.KeyTag] = "daily_medallion" },
            ["email_notifications"] = new JsonObject { ["on_failure"] = new JsonArray("data-platform@tbwa-projectscout.com") },
            ["schedule"] = new JsonObject { ["quartz_cron_expression"] = "0 0 2 * * ?", ["timezone_id"] = "UTC", ["pause_status"] = "PAUSED" },
            ["job_clusters"] = new JsonArray(new JsonObject { ["job_cluster_key"] = "bronze_cluster", ["new_cluster"] = cluster }),
            ["tasks"] = new JsonArray(
                new JsonObject { ["task_key"] = "bronze_ingest", ["job_cluster_key"] = "bronze_cluster", ["max_retries"] = 2,
                    ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Shared/InsightPulseAI/Juicer/bronze/ingest" } },
                new JsonObject { ["task_key"] = "bronze_quality", ["job_cluster_key"] = "bronze_cluster", ["max_retries"] = 1,
                    ["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = "bronze_ingest" }),
                    ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Shared/InsightPulseAI/Juicer/data_quality/bronze_quality" } }),
        };
        GeneratedFiles.Write(Path.Combine(artifacts.Jobs, "daily_medallion.json"), job.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        GeneratedFiles.Write(Path.Combine(artifacts.Policies, "bronze.json"),
            """{"name": "juicer-bronze", "description": "bronze job clusters", "definition": {"autoscale.max_workers": {"type": "range", "maxValue": 2}}}""");
    }
}
