using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>What the Jobs API refuses: settings, the task graph, and job clusters (limits and their cluster policy).</summary>
internal sealed partial class DatabricksStore
{
    private void ValidateSettings(JsonObject settings)
    {
        var name = (string?)settings["name"] ?? string.Empty;
        if (Encoding.UTF8.GetByteCount(name) > 4096)
        {
            throw Invalid("The job name must be at most 4096 bytes.");
        }

        if (settings["tags"] is JsonObject tags && tags.Count > 25)
        {
            throw Invalid($"A job can have at most 25 tags (has {tags.Count}).");
        }

        if (settings["max_concurrent_runs"].AsLong("max_concurrent_runs") is { } maxRuns && (maxRuns < 0 || maxRuns > 1000))
        {
            throw Invalid("max_concurrent_runs must be between 0 and 1000.");
        }

        var triggers = new[] { "schedule", "continuous", "trigger" }.Count(k => settings[k] is not null);
        if (triggers > 1)
        {
            throw Invalid("Only one of schedule, continuous and trigger can be set.");
        }

        if (settings["schedule"] is JsonObject schedule)
        {
            if (string.IsNullOrWhiteSpace((string?)schedule["quartz_cron_expression"]) || string.IsNullOrWhiteSpace((string?)schedule["timezone_id"]))
            {
                throw Invalid("schedule.quartz_cron_expression and schedule.timezone_id are required.");
            }

            if ((string?)schedule["pause_status"] is { } pause && pause is not ("PAUSED" or "UNPAUSED"))
            {
                throw Invalid($"Invalid schedule.pause_status: {pause}.");
            }
        }

        var clusterKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var jobCluster in (settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = (string?)jobCluster["job_cluster_key"];
            if (string.IsNullOrWhiteSpace(key))
            {
                throw Invalid("job_clusters[].job_cluster_key is required.");
            }

            if (!clusterKeys.Add(key))
            {
                throw Invalid($"Duplicate job cluster key '{key}' found.");
            }

            if (jobCluster["new_cluster"] is not JsonObject cluster)
            {
                throw Invalid($"Job cluster '{key}' must have a new_cluster.");
            }

            if (cluster["libraries"] is not null)
            {
                throw Invalid($"Libraries are not allowed on the shared job cluster '{key}'; set them on the tasks.");
            }

            ValidateCluster(cluster, $"job cluster '{key}'");
        }

        var tasks = (settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (tasks.Count > 1000)
        {
            throw Invalid("A job can have at most 1000 tasks.");
        }

        var taskKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var key = (string?)task["task_key"];
            if (string.IsNullOrEmpty(key))
            {
                throw Invalid("Task key must be specified for every task.");
            }

            if (!TaskKey().IsMatch(key))
            {
                throw Invalid($"Invalid task key '{key}': use 1-100 letters, digits, '-' and '_'.");
            }

            if (!taskKeys.Add(key))
            {
                throw Invalid($"Task key '{key}' is not unique: task keys must be unique within a job.");
            }
        }

        var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var key = (string)task["task_key"]!;
            var computes = new[] { "job_cluster_key", "existing_cluster_id", "new_cluster", "environment_key" }.Where(k => task[k] is not null).ToList();
            if (computes.Count > 1)
            {
                throw Invalid($"Task '{key}': only one of {string.Join(", ", computes)} can be set.");
            }

            if ((string?)task["job_cluster_key"] is { } clusterKey && !clusterKeys.Contains(clusterKey))
            {
                throw Invalid($"Task '{key}' references job_cluster_key '{clusterKey}', which is not defined in job_clusters.");
            }

            if (task["new_cluster"] is JsonObject newCluster)
            {
                ValidateCluster(newCluster, $"task '{key}'");
            }

            var dependencies = new List<string>();
            foreach (var dependency in (task["depends_on"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var on = (string?)dependency["task_key"];
                if (on is null || !taskKeys.Contains(on))
                {
                    throw Invalid($"Task '{key}' depends on task '{on}', which does not exist in the job.");
                }

                if (on == key)
                {
                    throw Invalid($"Task '{key}' cannot depend on itself.");
                }

                dependencies.Add(on);
            }

            graph[key] = dependencies;
            if ((string?)task["run_if"] is { } runIf && runIf is not ("ALL_SUCCESS" or "ALL_DONE" or "NONE_FAILED" or "AT_LEAST_ONE_SUCCESS" or "ALL_FAILED" or "AT_LEAST_ONE_FAILED"))
            {
                throw Invalid($"Task '{key}': invalid run_if '{runIf}'.");
            }

            if (task["notebook_task"] is JsonObject notebook && string.IsNullOrWhiteSpace((string?)notebook["notebook_path"]))
            {
                throw Invalid($"Task '{key}': notebook_task.notebook_path is required.");
            }
        }

        ThrowOnCycle(graph);
    }

    private static void ThrowOnCycle(Dictionary<string, List<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var start in graph.Keys)
        {
            Visit(start, []);
        }

        void Visit(string node, List<string> path)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                throw Invalid($"The task dependencies form a cycle: {string.Join(" -> ", path.SkipWhile(p => p != node).Append(node))}.");
            }

            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node])
            {
                Visit(next, path);
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }
    }

    private void ValidateCluster(JsonObject cluster, string owner)
    {
        if (string.IsNullOrWhiteSpace((string?)cluster["spark_version"]))
        {
            throw Invalid($"Missing required field: spark_version ({owner}).");
        }

        if (cluster["autoscale"] is JsonObject autoscale)
        {
            var min = autoscale["min_workers"].AsLong("autoscale.min_workers") ?? 0;
            var max = autoscale["max_workers"].AsLong("autoscale.max_workers") ?? 0;
            if (min < 0)
            {
                throw Invalid($"autoscale.min_workers must be non-negative ({owner}).");
            }

            if (max <= min)
            {
                throw Invalid($"Cluster autoscale max_workers ({max}) must be greater than min_workers ({min}) ({owner}).");
            }
        }
        else if (cluster["num_workers"].AsLong("num_workers") is { } workers && workers < 0)
        {
            throw Invalid($"num_workers must be non-negative ({owner}).");
        }

        if (cluster["autotermination_minutes"].AsLong("autotermination_minutes") is { } minutes && minutes != 0 && (minutes < 10 || minutes > 10000))
        {
            throw Invalid($"autotermination_minutes must be 0 or between 10 and 10000 ({owner}).");
        }

        if ((string?)cluster["policy_id"] is { } policyId)
        {
            if (!_state.Policies.TryGetValue(policyId, out var policy))
            {
                throw Invalid($"Cluster policy '{policyId}' does not exist ({owner}).");
            }

            // As the service does on create: a fixed value or a default fills an attribute the spec leaves out.
            var definition = ClusterPolicyEvaluator.ParseDefinition(policy.Definition);
            if (definition is not null && ClusterPolicyEvaluator.Evaluate(definition, cluster).FirstOrDefault() is { } violation)
            {
                throw Invalid($"Validation failed for {violation.Attribute}, the value {violation.Expectation} (is {violation.Actual?.ToJsonString() ?? "absent"}) ({owner}, policy '{policy.Name}').");
            }
        }
    }
}
