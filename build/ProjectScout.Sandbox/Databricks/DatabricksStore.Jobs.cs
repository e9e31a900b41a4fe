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

        // Newest first, as the service lists them (created later = larger id).
        var ordered = jobs.OrderByDescending(j => j.JobId).ToList();
        if (pageToken is null && offsetText is not null)
        {
            if (!int.TryParse(offsetText, out var offset) || offset < 0)
            {
                throw Invalid($"The offset must be a non-negative number (was {offsetText}).");
            }

            ordered = ordered.Skip(offset).ToList();
        }

        return Page(ordered, j => j.JobId, limit, pageToken, "jobs", j => DescribeJob(j, expandTasks));
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

    // The service answers an unknown job id with 400 INVALID_PARAMETER_VALUE (the official SDKs map it to not-found).
    private JobRecord FindJob(long id) =>
        _state.Jobs.TryGetValue(id, out var job) ? job : throw Invalid($"Job {id} does not exist.");

    private JsonObject DescribeJob(JobRecord job, bool includeTasks)
    {
        var settings = Described(job);
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

    /// <summary>The job's settings as jobs/get shows them: each task with the defaults the service fills (run_if, notebook source).</summary>
    private static JsonObject Described(JobRecord job)
    {
        var settings = (JsonObject)job.Settings.DeepClone();
        foreach (var task in (settings["tasks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            task["run_if"] ??= "ALL_SUCCESS";
            if (task["notebook_task"] is JsonObject notebook)
            {
                notebook["source"] ??= "WORKSPACE";
            }
        }

        return settings;
    }

    private static string RunAsName(JobRecord job) => job.Settings["run_as"] is JsonObject runAs
        ? (string?)runAs["service_principal_name"] ?? (string?)runAs["user_name"] ?? (string?)runAs["group_name"] ?? job.CreatorUserName
        : job.CreatorUserName;

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
}
