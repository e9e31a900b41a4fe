using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox.Hosting;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProjectScout.Sandbox.Databricks;

internal sealed partial class DatabricksStore
{
    public const int MaxListLimit = 100;
    public const int DefaultListLimit = 20;

    [GeneratedRegex(@"^[\w\-]{1,100}$")]
    private static partial Regex TaskKey();

    public JsonObject CreateJob(JsonObject body, bool queueByDefault) => Write(() =>
    {
        var settings = (JsonObject)body.DeepClone();
        var acl = settings["access_control_list"] as JsonArray;
        settings.Remove("access_control_list");
        ApplyDefaults(settings, queueByDefault);
        ValidateSettings(settings);
        var id = _state.NextJobId++;
        _state.Jobs[id] = new JobRecord { JobId = id, CreatorUserName = User, CreatedTime = Now, Settings = settings };
        if (acl is not null)
        {
            _state.Permissions["jobs/" + id] = NormalizeAcl(acl, "jobs");
        }

        return new JsonObject { ["job_id"] = id };
    });

    public JsonObject GetJob(string? jobId) => Read(() => DescribeJob(FindJob(ParseJobId(jobId)), includeTasks: true));

    public JsonObject ListJobs(string? limitText, string? pageToken, string? offsetText, string? name, bool expandTasks) => Read(() =>
    {
        var limit = DefaultListLimit;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxListLimit))
        {
            throw Invalid($"The limit must be between 1 and {MaxListLimit} (was {limitText}).");
        }

        IEnumerable<JobRecord> jobs = _state.Jobs.Values;
        if (name is not null)
        {
            jobs = jobs.Where(j => string.Equals((string?)j.Settings["name"], name, StringComparison.OrdinalIgnoreCase));
        }

        var ordered = jobs.ToList();
        var start = 0;
        if (pageToken is not null)
        {
            var after = DecodePageToken(pageToken);
            start = ordered.FindIndex(j => j.JobId > after);
            start = start < 0 ? ordered.Count : start;
        }
        else if (offsetText is not null)
        {
            if (!int.TryParse(offsetText, out start) || start < 0)
            {
                throw Invalid($"The offset must be a non-negative number (was {offsetText}).");
            }
        }

        var page = ordered.Skip(start).Take(limit).ToList();
        var hasMore = start + page.Count < ordered.Count;
        var result = new JsonObject();
        if (page.Count > 0)
        {
            result["jobs"] = new JsonArray(page.Select(j => (JsonNode)DescribeJob(j, expandTasks)).ToArray());
        }

        result["has_more"] = hasMore;
        if (hasMore)
        {
            result["next_page_token"] = EncodePageToken(page[^1].JobId);
        }

        return result;
    });

    public JsonObject ResetJob(JsonObject body, bool queueByDefault) => Write(() =>
    {
        var job = FindJob(ParseJobId(body["job_id"]?.ToString()));
        if (body["new_settings"] is not JsonObject newSettings)
        {
            throw Invalid("Missing required field: new_settings");
        }

        var settings = (JsonObject)newSettings.DeepClone();
        ApplyDefaults(settings, queueByDefault);
        ValidateSettings(settings);
        job.Settings = settings;
        return new JsonObject();
    });

    public JsonObject UpdateJob(JsonObject body) => Write(() =>
    {
        var job = FindJob(ParseJobId(body["job_id"]?.ToString()));
        var settings = (JsonObject)job.Settings.DeepClone();
        if (body["new_settings"] is JsonObject newSettings)
        {
            foreach (var (key, value) in newSettings)
            {
                settings[key] = key switch
                {
                    "tasks" => MergeByKey(settings[key] as JsonArray, value as JsonArray, "task_key"),
                    "job_clusters" => MergeByKey(settings[key] as JsonArray, value as JsonArray, "job_cluster_key"),
                    _ => value?.DeepClone(),
                };
            }
        }

        foreach (var field in (body["fields_to_remove"] as JsonArray ?? []).Select(f => (string?)f ?? string.Empty))
        {
            var slash = field.IndexOf('/');
            if (slash < 0)
            {
                settings.Remove(field);
                continue;
            }

            var (collection, key) = (field[..slash], field[(slash + 1)..]);
            var keyName = collection switch
            {
                "tasks" => "task_key",
                "job_clusters" => "job_cluster_key",
                "parameters" => "name",
                "environments" => "environment_key",
                _ => throw Invalid($"fields_to_remove '{field}': '{collection}' is not a list that can be removed from."),
            };
            if (settings[collection] is not JsonArray items || items.OfType<JsonObject>().FirstOrDefault(i => (string?)i[keyName] == key) is not { } item)
            {
                throw Invalid($"fields_to_remove '{field}': no {keyName} '{key}' in the job.");
            }

            items.Remove(item);
        }

        ValidateSettings(settings);
        job.Settings = settings;
        return new JsonObject();
    });

    public JsonObject DeleteJob(JsonObject body) => Write(() =>
    {
        var id = ParseJobId(body["job_id"]?.ToString());
        FindJob(id);
        _state.Jobs.Remove(id);
        _state.Permissions.Remove("jobs/" + id);
        return new JsonObject();
    });

    private static JsonArray MergeByKey(JsonArray? existing, JsonArray? updates, string keyName)
    {
        var merged = (JsonArray?)existing?.DeepClone() ?? [];
        foreach (var update in (updates ?? []).OfType<JsonObject>())
        {
            var key = (string?)update[keyName];
            var index = merged.Select((item, i) => (item, i)).FirstOrDefault(p => key is not null && (string?)p.item?[keyName] == key, (null, -1)).Item2;
            if (index >= 0)
            {
                merged[index] = update.DeepClone();
            }
            else
            {
                merged.Add(update.DeepClone());
            }
        }

        return merged;
    }

    private static long ParseJobId(string? text)
    {
        if (text is null)
        {
            throw Invalid("Missing required field: job_id");
        }

        return long.TryParse(text, out var id) ? id : throw Invalid($"Invalid job_id: {text}");
    }

    private JobRecord FindJob(long id) =>
        _state.Jobs.TryGetValue(id, out var job) ? job : throw NotFound($"Job {id} does not exist.");

    private JsonObject DescribeJob(JobRecord job, bool includeTasks)
    {
        var settings = (JsonObject)job.Settings.DeepClone();
        if (!includeTasks)
        {
            settings.Remove("tasks");
            settings.Remove("job_clusters");
        }

        return new JsonObject
        {
            ["job_id"] = job.JobId,
            ["creator_user_name"] = job.CreatorUserName,
            ["run_as_user_name"] = RunAsName(job),
            ["run_as_owner"] = job.Settings["run_as"] is null,
            ["settings"] = settings,
            ["created_time"] = job.CreatedTime,
        };
    }

    private static string RunAsName(JobRecord job) => job.Settings["run_as"] is JsonObject runAs
        ? (string?)runAs["service_principal_name"] ?? (string?)runAs["user_name"] ?? (string?)runAs["group_name"] ?? job.CreatorUserName
        : job.CreatorUserName;

    private static string EncodePageToken(long jobId) => Convert.ToBase64String(Encoding.UTF8.GetBytes("after:" + jobId));

    private static long DecodePageToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("after:", StringComparison.Ordinal) && long.TryParse(text["after:".Length..], out var after))
            {
                return after;
            }
        }
        catch (FormatException)
        {
        }

        throw Invalid($"Invalid page_token: {token}");
    }

    /// <summary>The fields the service fills in when a request leaves them out (what jobs/get then shows).</summary>
    private static void ApplyDefaults(JsonObject settings, bool queueByDefault)
    {
        settings["name"] ??= "Untitled";
        settings["email_notifications"] ??= new JsonObject();
        settings["webhook_notifications"] ??= new JsonObject();
        settings["timeout_seconds"] ??= 0;
        settings["max_concurrent_runs"] ??= 1;
        if (settings["tasks"] is JsonArray { Count: > 0 })
        {
            settings["format"] ??= "MULTI_TASK";
        }

        if (queueByDefault)
        {
            settings["queue"] ??= new JsonObject { ["enabled"] = true };
        }
    }

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
