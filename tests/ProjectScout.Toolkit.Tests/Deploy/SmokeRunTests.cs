using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>The pure parts of the smoke run: reading both runs/get shapes, not-found answers, which job is the daily one, the failure text.</summary>
public class SmokeRunTests
{
    [Test]
    public void A_run_is_read_from_the_status_shape_and_from_the_classic_state_shape()
    {
        var withStatus = JobRun.Parse(JsonNode.Parse("""
            {"run_id": 5, "job_id": 7,
             "status": {"state": "TERMINATED", "termination_details": {"code": "RUN_EXECUTION_ERROR", "type": "CLIENT_ERROR", "message": "Task a failed with message: boom."}},
             "state": {"life_cycle_state": "TERMINATED", "result_state": "FAILED", "state_message": "Task a failed with message: boom."},
             "tasks": [
               {"task_key": "a", "state": {"life_cycle_state": "TERMINATED", "result_state": "FAILED", "state_message": "boom"}, "status": {"state": "TERMINATED", "termination_details": {"code": "STORAGE_ACCESS_ERROR", "type": "CLIENT_ERROR", "message": "boom"}}},
               {"task_key": "b", "state": {"life_cycle_state": "SKIPPED", "result_state": "UPSTREAM_FAILED", "state_message": "Upstream task(s) failed."}}
             ]}
            """)!.AsObject());
        Assert.That((withStatus.RunId, withStatus.JobId, withStatus.IsTerminal, withStatus.Succeeded, withStatus.Code), Is.EqualTo((5L, 7L, true, false, "RUN_EXECUTION_ERROR")));
        Assert.That((withStatus.FailedTask!.TaskKey, withStatus.FailedTask.Code, withStatus.FailedTask.Message), Is.EqualTo(("a", "STORAGE_ACCESS_ERROR", "boom")));

        var classic = JobRun.Parse(JsonNode.Parse("""{"run_id": 6, "job_id": 7, "state": {"life_cycle_state": "RUNNING", "state_message": ""}}""")!.AsObject());
        Assert.That((classic.LifeCycleState, classic.IsTerminal, classic.ResultState, classic.Code), Is.EqualTo(("RUNNING", false, (string?)null, (string?)null)));
        var statusOnly = JobRun.Parse(JsonNode.Parse("""{"run_id": 8, "status": {"state": "QUEUED"}}""")!.AsObject());
        Assert.That((statusOnly.LifeCycleState, statusOnly.IsTerminal), Is.EqualTo(("QUEUED", false)));
    }

    [TestCase(400, "INVALID_PARAMETER_VALUE", "Job 7 does not exist.", true)]
    [TestCase(400, "INVALID_PARAMETER_VALUE", "Run 12 does not exist.", true)]
    [TestCase(404, "RESOURCE_DOES_NOT_EXIST", "Job 7 does not exist.", true)]
    [TestCase(400, "INVALID_PARAMETER_VALUE", "The limit must be between 1 and 100.", false)]
    public void The_Jobs_APIs_400_for_a_missing_object_counts_as_not_found(int status, string code, string message, bool notFound) =>
        Assert.That(DatabricksApiException.FromBody(status, new JsonObject { ["error_code"] = code, ["message"] = message }.ToJsonString(), "jobs/get").IsNotFound, Is.EqualTo(notFound));

    [Test]
    public void The_daily_job_is_the_one_the_daily_schedule_triggers_and_the_failure_names_task_cause_and_skipped_tasks()
    {
        static BundleJob Job(string key, string cron) => new(key, new JsonObject { ["name"] = key, ["schedule"] = new JsonObject { ["quartz_cron_expression"] = cron } }, "", key + ".json");
        var bundle = new WorkspaceBundle { NotebookRoot = "/Shared", Notebooks = [], Policies = [], Jobs = [Job("weekly", "0 0 3 ? * MON"), Job("daily", "0 0 2 * * ?")] };
        Assert.That(SmokeRun.DailyJob(bundle, "0 0 2 * * ?", "sandbox").Key, Is.EqualTo("daily"));
        var none = Assert.Throws<ToolkitException>(() => SmokeRun.DailyJob(bundle, "0 0 4 * * ?", "sandbox"));
        Assert.That(none!.Message, Does.Contain("0 job(s) of 'sandbox' are scheduled by databricks.schedules.dailyMedallion"));

        var run = new JobRun(9, 7, "TERMINATED", "FAILED", "RUN_EXECUTION_ERROR", "Task a failed with message: denied",
            [new JobRunTask("a", "TERMINATED", "FAILED", "UNAUTHORIZED_ERROR", "PERMISSION_DENIED: User does not have USE CATALOG on Catalog 'c'."), new JobRunTask("b", "SKIPPED", "UPSTREAM_FAILED", "SKIPPED", "")]);
        Assert.That(SmokeRun.Describe("daily", run), Is.EqualTo(
            "Smoke run: the daily job 'daily' (job 7) run 9 ended FAILED: task a failed (UNAUTHORIZED_ERROR): PERMISSION_DENIED: User does not have USE CATALOG on Catalog 'c'. Skipped because of it: b."));
    }
}
