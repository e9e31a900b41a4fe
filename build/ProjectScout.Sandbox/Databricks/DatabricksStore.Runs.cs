using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// Jobs runs: run-now decides every task's outcome at once (<see cref="RunWalk"/>, then upstream results and run_if in
/// dependency order) and records their simulated times; runs/get, runs/list and runs/cancel read them against the clock.
/// </summary>
internal sealed partial class DatabricksStore
{
    public const int MaxRunsListLimit = 25;
    public const int DefaultRunsListLimit = 20;

    public JsonObject RunNow(JsonObject body) => Write(() =>
    {
        var job = FindJob(ParseJobId(body["job_id"]?.ToString()));
        var token = body["idempotency_token"]?.ToString();
        if (token is { Length: > 64 })
        {
            throw Invalid("idempotency_token must be at most 64 characters.");
        }

        if (token is not null && _state.Runs.Values.FirstOrDefault(r => r.JobId == job.JobId && r.IdempotencyToken == token) is { } again)
        {
            return new JsonObject { ["run_id"] = again.RunId, ["number_in_job"] = again.NumberInJob };
        }

        var settings = Described(job);
        var now = Now;
        var step = (long)_options.RunStepDuration.TotalMilliseconds;
        var activeEnds = _state.Runs.Values.Where(r => r.JobId == job.JobId && EffectiveEnd(r) > now).Select(EffectiveEnd).Order().ToList();
        var limit = settings["max_concurrent_runs"].AsLong("max_concurrent_runs") ?? 1;
        var start = now;
        var skip = false;
        var queued = false;
        if (activeEnds.Count >= limit)
        {
            // With queue.enabled the run waits for a slot (FIFO: the slot the (count - limit + 1)-th ending run frees);
            // without it, or with max_concurrent_runs 0 ("skips all new runs", where a queued run could never start), it is SKIPPED.
            queued = limit > 0 && (bool?)settings["queue"]?["enabled"] == true;
            skip = !queued;
            start = queued ? activeEnds[activeEnds.Count - (int)limit] : now;
        }

        var run = new RunRecord
        {
            RunId = _state.NextRunId++,
            JobId = job.JobId,
            NumberInJob = _state.Runs.Values.Count(r => r.JobId == job.JobId) + 1,
            RunName = (string?)settings["name"] ?? "Untitled",
            CreatorUserName = User,
            RunAs = RunAsName(job),
            IdempotencyToken = token,
            TriggeredAt = now,
            StartTime = start,
            ResultState = "SUCCESS",
            TerminationCode = "SUCCESS",
            TerminationType = "SUCCESS",
            QueueReason = queued ? "MAX_CONCURRENT_RUNS_REACHED" : null,
        };
        if (skip)
        {
            // The service's words (life_cycle_state SKIPPED, result_state MAXIMUM_CONCURRENT_RUNS_REACHED, termination code
            // MAX_CONCURRENT_RUNS_EXCEEDED, the state message the CLI and dbx print); the termination type CLIENT_ERROR is ours.
            (run.Skipped, run.EndTime, run.ResultState, run.TerminationCode, run.TerminationType) = (true, now, "MAXIMUM_CONCURRENT_RUNS_REACHED", "MAX_CONCURRENT_RUNS_EXCEEDED", "CLIENT_ERROR");
            run.Message = $"Skipping this run because the limit of {limit} maximum concurrent runs has been reached.";
            _state.Runs[run.RunId] = run;
            return new JsonObject { ["run_id"] = run.RunId, ["number_in_job"] = run.NumberInJob };
        }

        foreach (var parameter in (settings["parameters"] as JsonArray ?? []).OfType<JsonObject>())
        {
            run.JobParameters[(string)parameter["name"]!] = parameter["default"]?.ToString() ?? "";
        }

        foreach (var (name, value) in body["job_parameters"] as JsonObject ?? [])
        {
            run.JobParameters[name] = value?.ToString() ?? "";
        }

        var walk = new RunWalk(_state, _azure, _blobs.Get, _options);
        foreach (var task in TasksInDependencyOrder(settings))
        {
            var taskRun = new TaskRunRecord
            {
                TaskKey = (string)task["task_key"]!,
                RunId = _state.NextRunId++,
                Settings = (JsonObject)task.DeepClone(),
                ResultState = "SUCCESS",
                TerminationCode = "SUCCESS",
                TerminationType = "SUCCESS",
            };
            var upstream = (task["depends_on"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(d => run.Tasks.First(t => t.TaskKey == (string?)d["task_key"])).ToList();
            taskRun.StartTime = upstream.Count == 0 ? start : upstream.Max(t => t.EndTime);
            if (Skip(upstream, (string?)task["run_if"] ?? "ALL_SUCCESS") is { } skipped)
            {
                (taskRun.ResultState, taskRun.Skipped, taskRun.TerminationCode, taskRun.TerminationType) = (skipped, true, "SKIPPED", skipped == "EXCLUDED" ? "SUCCESS" : "CLIENT_ERROR");
                taskRun.Message = skipped == "EXCLUDED" ? "The run_if condition of this task was not met." : "Upstream task(s) failed.";
                (taskRun.ExecutionStart, taskRun.EndTime) = (taskRun.StartTime, taskRun.StartTime);
            }
            else
            {
                (taskRun.ExecutionStart, taskRun.EndTime) = (taskRun.StartTime + step, taskRun.StartTime + 2 * step);
                if (walk.Check(settings, task, run.RunAs) is { } failure)
                {
                    (taskRun.ResultState, taskRun.TerminationCode, taskRun.TerminationType, taskRun.Message) = ("FAILED", failure.Code, failure.Type, failure.Message);
                }
            }

            run.Tasks.Add(taskRun);
        }

        run.EndTime = run.Tasks.Count == 0 ? start + step : run.Tasks.Max(t => t.EndTime);
        Conclude(run);
        _state.Runs[run.RunId] = run;
        return new JsonObject { ["run_id"] = run.RunId, ["number_in_job"] = run.NumberInJob };
    });

    public JsonObject GetRun(string? runIdText) => Read(() => DescribeRun(FindRun(runIdText), includeTasks: true));

    public JsonObject ListRuns(string? jobIdText, string? activeOnly, string? completedOnly, string? limitText, string? pageToken, bool expandTasks) => Read(() =>
    {
        var limit = DefaultRunsListLimit;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit < 0 || limit > MaxRunsListLimit))
        {
            throw Invalid($"The limit must be between 0 and {MaxRunsListLimit} (was {limitText}).");
        }

        limit = limit == 0 ? MaxRunsListLimit : limit;
        var (active, completed) = (IsTrue(activeOnly), IsTrue(completedOnly));
        if (active && completed)
        {
            throw Invalid("active_only and completed_only cannot both be true.");
        }

        var now = Now;
        var jobId = jobIdText is null ? (long?)null : ParseJobId(jobIdText);
        var runs = _state.Runs.Values
            .Where(r => jobId is null || r.JobId == jobId)
            .Where(r => !active || EffectiveEnd(r) > now)
            .Where(r => !completed || EffectiveEnd(r) <= now)
            .OrderByDescending(r => r.RunId)
            .ToList();
        return Page(runs, r => r.RunId, limit, pageToken, "runs", r => DescribeRun(r, expandTasks));
    });

    public JsonObject CancelRun(JsonObject body) => Write(() =>
    {
        var run = FindRun(body["run_id"]?.ToString());
        var now = Now;
        if (run.CanceledAt is null && run.EndTime > now)
        {
            run.CanceledAt = now;
            foreach (var task in run.Tasks.Where(t => t.EndTime > now))
            {
                var started = !task.Skipped && task.StartTime <= now;
                (task.ResultState, task.TerminationCode, task.TerminationType) = started ? ("CANCELED", "USER_CANCELED", "SUCCESS") : ("UPSTREAM_CANCELED", "SKIPPED", "SUCCESS");
                task.Message = started ? "Run cancelled." : "An upstream task was canceled.";
                task.Skipped = !started;
                task.StartTime = Math.Min(task.StartTime, now);
                task.EndTime = now;
                task.ExecutionStart = Math.Clamp(task.ExecutionStart, task.StartTime, now);
            }

            run.EndTime = now;
            (run.ResultState, run.TerminationCode, run.TerminationType, run.Message) = ("CANCELED", "USER_CANCELED", "SUCCESS", "Run cancelled.");
        }

        return new JsonObject();
    });

    /// <summary>Test seeding of the Unity Catalog state (catalogs, schemas, locations, grants) before its endpoints exist.</summary>
    public void UpdateUnityCatalog(Action<UnityCatalogState> change) => Write(() =>
    {
        change(_state.UnityCatalog);
        return 0;
    });

    private static bool IsTrue(string? text) => string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);

    private RunRecord FindRun(string? text)
    {
        if (text is null)
        {
            throw Invalid("Missing required field: run_id");
        }

        // As the service answers (the SDKs map this 400 to not-found): INVALID_PARAMETER_VALUE "Run N does not exist."
        return long.TryParse(text, out var id) && _state.Runs.TryGetValue(id, out var run) ? run : throw Invalid($"Run {text} does not exist.");
    }

    private static long EffectiveEnd(RunRecord run) => run.CanceledAt is { } canceled ? Math.Min(canceled, run.EndTime) : run.EndTime;

    /// <summary>SKIPPED-as-UPSTREAM_FAILED or EXCLUDED when run_if does not let the task run; null when it runs.</summary>
    private static string? Skip(IReadOnlyList<TaskRunRecord> upstream, string runIf)
    {
        if (upstream.Count == 0)
        {
            return null;
        }

        var failed = upstream.Count(t => t.ResultState is "FAILED" or "UPSTREAM_FAILED" or "TIMEDOUT");
        var succeeded = upstream.Count(t => t.ResultState is "SUCCESS" or "SUCCESS_WITH_FAILURES");
        var runs = runIf switch
        {
            "ALL_DONE" => true,
            "NONE_FAILED" => failed == 0 && upstream.Any(t => !t.Skipped),
            "AT_LEAST_ONE_SUCCESS" => succeeded > 0,
            "ALL_FAILED" => failed == upstream.Count,
            "AT_LEAST_ONE_FAILED" => failed > 0,
            _ => succeeded == upstream.Count,
        };
        return runs ? null : failed > 0 && runIf is "ALL_SUCCESS" or "NONE_FAILED" or "AT_LEAST_ONE_SUCCESS" ? "UPSTREAM_FAILED" : "EXCLUDED";
    }

    /// <summary>The run's result: FAILED when a task failed and a leaf did not succeed; SUCCESS_WITH_FAILURES when every leaf succeeded anyway.</summary>
    private static void Conclude(RunRecord run)
    {
        var failedTask = run.Tasks.FirstOrDefault(t => t.ResultState == "FAILED");
        if (failedTask is null)
        {
            return;
        }

        var upstreamKeys = run.Tasks.SelectMany(t => (t.Settings["depends_on"] as JsonArray ?? []).Select(d => (string?)d?["task_key"])).ToHashSet();
        var leavesSucceeded = run.Tasks.Where(t => !upstreamKeys.Contains(t.TaskKey)).All(t => t.ResultState is "SUCCESS" or "EXCLUDED");
        run.ResultState = leavesSucceeded ? "SUCCESS_WITH_FAILURES" : "FAILED";
        run.TerminationCode = leavesSucceeded ? "SUCCESS_WITH_FAILURES" : "RUN_EXECUTION_ERROR";
        run.TerminationType = leavesSucceeded ? "SUCCESS" : "CLIENT_ERROR";
        run.Message = $"Task {failedTask.TaskKey} failed with message: {failedTask.Message}"
            + (run.Tasks.Any(t => t.ResultState == "UPSTREAM_FAILED") ? " This caused all downstream tasks to get skipped." : "");
    }

    /// <summary>Tasks ordered so each comes after what it depends on (jobs/create refuses cycles and unknown keys).</summary>
    private static List<JsonObject> TasksInDependencyOrder(JsonObject settings)
    {
        var pending = (settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var ordered = new List<JsonObject>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => (t["depends_on"] as JsonArray ?? []).All(d => done.Contains((string?)d?["task_key"] ?? ""))).ToList();
            if (ready.Count == 0)
            {
                throw Invalid("The job's task graph has a cycle.");
            }

            foreach (var task in ready)
            {
                ordered.Add(task);
                done.Add((string)task["task_key"]!);
                pending.Remove(task);
            }
        }

        return ordered;
    }

    /// <summary>A newest-first page of <paramref name="items"/> with next_page_token and, after the first page, prev_page_token.</summary>
    private static JsonObject Page<T>(List<T> items, Func<T, long> id, int limit, string? pageToken, string field, Func<T, JsonObject> describe)
    {
        var start = 0;
        if (pageToken is not null)
        {
            // Newest first: "after:N" continues with the items older than N, "before:N" returns the page just newer than N.
            var (direction, at) = DecodeToken(pageToken);
            var older = items.FindIndex(i => id(i) < at);
            older = older < 0 ? items.Count : older;
            var notNewer = items.FindIndex(i => id(i) <= at);
            start = direction == "after" ? older : Math.Max(0, (notNewer < 0 ? items.Count : notNewer) - limit);
        }

        var page = items.Skip(start).Take(limit).ToList();
        var result = new JsonObject();
        if (page.Count > 0)
        {
            result[field] = new JsonArray(page.Select(i => (JsonNode)describe(i)).ToArray());
        }

        var hasMore = start + page.Count < items.Count;
        result["has_more"] = hasMore;
        if (hasMore)
        {
            result["next_page_token"] = EncodeToken("after", id(page[^1]));
        }

        if (start > 0 && page.Count > 0)
        {
            result["prev_page_token"] = EncodeToken("before", id(page[0]));
        }

        return result;
    }

    private static string EncodeToken(string direction, long id) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{direction}:{id}"));

    private static (string Direction, long Id) DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var colon = text.IndexOf(':');
            if (colon > 0 && text[..colon] is "after" or "before" && long.TryParse(text[(colon + 1)..], out var id))
            {
                return (text[..colon], id);
            }
        }
        catch (FormatException)
        {
        }

        throw Invalid($"Invalid page_token: {token}");
    }
}
