using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// How runs/get shows a run at this moment: the classic <c>state</c> (life_cycle_state, result_state, state_message)
/// and the newer <c>status</c> (state, termination_details {code, type, message}), for the run and each task.
/// </summary>
internal sealed partial class DatabricksStore
{
    private JsonObject DescribeRun(RunRecord run, bool includeTasks)
    {
        var now = Now;
        var end = EffectiveEnd(run);
        var firstExecution = run.Tasks.Count == 0 ? end : run.Tasks.Min(t => t.ExecutionStart);
        var lifeCycle = run.Skipped ? "SKIPPED"
            : now < run.StartTime ? "QUEUED"
            : now < Math.Min(firstExecution, end) ? "PENDING"
            : now < end ? "RUNNING"
            : "TERMINATED";
        var done = lifeCycle is "TERMINATED" or "SKIPPED";
        var result = new JsonObject
        {
            ["job_id"] = run.JobId,
            ["run_id"] = run.RunId,
            ["number_in_job"] = run.NumberInJob,
            ["original_attempt_run_id"] = run.RunId,
            ["creator_user_name"] = run.CreatorUserName,
            ["run_name"] = run.RunName,
            ["run_type"] = "JOB_RUN",
            ["trigger"] = "ONE_TIME",
            ["format"] = "MULTI_TASK",
            ["attempt_number"] = 0,
            ["state"] = State(lifeCycle, done ? run.ResultState : null, done ? run.Message : "", run.CanceledAt is not null),
            ["status"] = Status(run.Skipped ? "TERMINATED" : lifeCycle, done ? (run.TerminationCode, run.TerminationType, run.Message) : null),
            ["start_time"] = run.TriggeredAt,
            ["setup_duration"] = 0,
            ["execution_duration"] = 0,
            ["cleanup_duration"] = 0,
            ["end_time"] = done ? end : 0,
            ["run_duration"] = Math.Max(0, Math.Min(now, end) - run.TriggeredAt),
            ["queue_duration"] = Math.Max(0, Math.Min(now, run.StartTime) - run.TriggeredAt),
        };
        if (lifeCycle == "QUEUED" && run.QueueReason is { } reason)
        {
            // The code is the service's (QueueDetailsCode); the message is our wording.
            ((JsonObject)result["status"]!)["queue_details"] = new JsonObject { ["code"] = reason, ["message"] = "The job's max_concurrent_runs is reached: the run waits in the queue for an active run to end." };
        }

        if (run.JobParameters.Count > 0)
        {
            result["job_parameters"] = new JsonArray(run.JobParameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Key, ["value"] = p.Value }).ToArray());
        }

        if (includeTasks)
        {
            result["tasks"] = new JsonArray(run.Tasks.Select(t => (JsonNode)DescribeTaskRun(t, now)).ToArray());
        }

        return result;
    }

    private static JsonObject DescribeTaskRun(TaskRunRecord task, long now)
    {
        var lifeCycle = now < task.StartTime ? "BLOCKED"
            : task.Skipped ? "SKIPPED"
            : now < task.ExecutionStart ? "PENDING"
            : now < task.EndTime ? "RUNNING"
            : "TERMINATED";
        var done = lifeCycle is "TERMINATED" or "SKIPPED";
        var result = new JsonObject
        {
            ["run_id"] = task.RunId,
            ["task_key"] = task.TaskKey,
        };
        foreach (var field in new[] { "description", "depends_on", "run_if", "notebook_task", "job_cluster_key", "new_cluster", "existing_cluster_id", "timeout_seconds" })
        {
            if (task.Settings[field] is { } value)
            {
                result[field] = value.DeepClone();
            }
        }

        result["attempt_number"] = 0;
        result["state"] = State(lifeCycle, done ? task.ResultState : null, done ? task.Message : "", task.ResultState is "CANCELED" or "UPSTREAM_CANCELED");
        result["status"] = Status(lifeCycle == "SKIPPED" ? "TERMINATED" : lifeCycle, done ? (task.TerminationCode, task.TerminationType, task.Message) : null);
        result["start_time"] = task.StartTime;
        result["setup_duration"] = task.ExecutionStart - task.StartTime;
        result["execution_duration"] = done ? task.EndTime - task.ExecutionStart : 0;
        result["cleanup_duration"] = 0;
        result["end_time"] = done ? task.EndTime : 0;
        return result;
    }

    private static JsonObject State(string lifeCycle, string? resultState, string message, bool canceled)
    {
        var state = new JsonObject { ["life_cycle_state"] = lifeCycle };
        if (resultState is not null)
        {
            state["result_state"] = resultState;
        }

        state["state_message"] = message;
        state["user_cancelled_or_timedout"] = canceled;
        return state;
    }

    private static JsonObject Status(string state, (string Code, string Type, string Message)? termination)
    {
        var status = new JsonObject { ["state"] = state };
        if (termination is { } t)
        {
            status["termination_details"] = new JsonObject { ["code"] = t.Code, ["type"] = t.Type, ["message"] = t.Message };
        }

        return status;
    }
}
