using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Databricks;

// A job run as the sandbox keeps it. The outcome of every task is decided when the run is triggered (the walk over
// what a real run needs, RunWalk); the life-cycle states a reader sees (PENDING → RUNNING → TERMINATED) follow from the
// clock and the times recorded here, so a run "takes" a short simulated time and persists across restarts.

internal sealed class RunRecord
{
    public long RunId { get; set; }
    public long JobId { get; set; }
    public long NumberInJob { get; set; }
    public required string RunName { get; set; }
    public required string CreatorUserName { get; set; }
    public required string RunAs { get; set; }

    /// <summary>run-now's idempotency_token: a second run-now with it returns this run instead of starting another.</summary>
    public string? IdempotencyToken { get; set; }

    /// <summary>When run-now was called.</summary>
    public long TriggeredAt { get; set; }

    /// <summary>When the cluster set-up begins (later than <see cref="TriggeredAt"/> for a run queued behind another).</summary>
    public long StartTime { get; set; }

    /// <summary>When the last task ends; the run is TERMINATED from then on.</summary>
    public long EndTime { get; set; }

    /// <summary>True when run-now found the job at max_concurrent_runs without queueing: the run never executes (SKIPPED).</summary>
    public bool Skipped { get; set; }

    /// <summary>Why the run waits in the queue (queue_details.code) while <see cref="StartTime"/> is ahead; null when it never queued.</summary>
    public string? QueueReason { get; set; }

    /// <summary>When jobs/runs/cancel was called while the run was active; null when it was not.</summary>
    public long? CanceledAt { get; set; }

    /// <summary>SUCCESS, FAILED, SUCCESS_WITH_FAILURES or CANCELED once terminated.</summary>
    public required string ResultState { get; set; }

    /// <summary>The run's termination_details (SUCCESS / RUN_EXECUTION_ERROR / USER_CANCELED …) and its state_message.</summary>
    public required string TerminationCode { get; set; }
    public required string TerminationType { get; set; }
    public string Message { get; set; } = "";

    /// <summary>The job's parameters as the run resolved them (defaults overridden by run-now's job_parameters).</summary>
    public SortedDictionary<string, string> JobParameters { get; set; } = new(StringComparer.Ordinal);

    public List<TaskRunRecord> Tasks { get; set; } = [];
}

internal sealed class TaskRunRecord
{
    public required string TaskKey { get; set; }
    public long RunId { get; set; }

    /// <summary>The task's settings as they were when the run started (depends_on, run_if, notebook_task, cluster).</summary>
    public required JsonObject Settings { get; set; }
    public long StartTime { get; set; }

    /// <summary>When set-up ends and the notebook starts (equals <see cref="StartTime"/> for a skipped task).</summary>
    public long ExecutionStart { get; set; }
    public long EndTime { get; set; }

    /// <summary>SUCCESS, FAILED, UPSTREAM_FAILED, EXCLUDED or CANCELED / UPSTREAM_CANCELED after a cancel.</summary>
    public required string ResultState { get; set; }
    public required string TerminationCode { get; set; }
    public required string TerminationType { get; set; }
    public string Message { get; set; } = "";

    /// <summary>True when the task never ran (upstream failed, run_if not met): it is SKIPPED from its start.</summary>
    public bool Skipped { get; set; }
}
