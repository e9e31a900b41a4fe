using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Workspace;
using static ProjectScout.Toolkit.Tests.Infra.Rules.Fragment;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>The advisory job rules over one small rendered job (a work task and its quality gate on one cluster) and a maintenance notebook.</summary>
[TestFixture]
public sealed class JobsRuleTests
{
    private static readonly string Gate = "/Shared/root/" + Declaration().QualityGate.NotebookFolder + "/work_quality";
    private const string Maintenance = "/Shared/root/maintenance/maintenance";

    /// <summary>The work task of the first layer the declaration serves: its cluster is a serving cluster.</summary>
    private static readonly string ServedTask = Declaration().Layers.First(l => l.Served).WorkTaskKey;

    public static IEnumerable<RuleCase> Cases()
    {
        yield return RuleCase.Pass("jobs.autoscale", "1-3 workers", () => Jobs(Job()));
        yield return RuleCase.Fail("jobs.autoscale", "fixed size", "new_cluster.autoscale = (absent)", () => Jobs(Job(c => c.Remove("autoscale"))));
        yield return RuleCase.Fail("jobs.autoscale", "no rendered job", "no rendered jobs", () => Jobs());
        yield return RuleCase.Pass("jobs.cluster-policy", "a rendered policy", () => Jobs(Job()));
        yield return RuleCase.Fail("jobs.cluster-policy", "an unknown policy", "(no such policy rendered)", () => Jobs(Job(c => c["policy_id"] = "policy:missing")));
        yield return RuleCase.Pass("jobs.optimized-writes", "on", () => Jobs(Job()));
        yield return RuleCase.Fail("jobs.optimized-writes", "off", "spark.databricks.delta.optimizeWrite.enabled] = (absent)",
            () => Jobs(Job(c => c["spark_conf"]!.AsObject().Remove("spark.databricks.delta.optimizeWrite.enabled"))));
        yield return RuleCase.Pass("jobs.disk-cache", "on for the serving cluster", () => Jobs(Job()));
        yield return RuleCase.Fail("jobs.disk-cache", "off for the serving cluster", "spark.databricks.io.cache.enabled] = (absent)",
            () => Jobs(Job(c => c["spark_conf"]!.AsObject().Remove("spark.databricks.io.cache.enabled"))));
        yield return RuleCase.Pass("jobs.retries", "the work task retries, the gate is exempt", () => Jobs(Job()));
        yield return RuleCase.Fail("jobs.retries", "no retries", "no retries on " + ServedTask, () => Jobs(Job(task: t => t.Remove("max_retries"))));
        yield return RuleCase.Pass("jobs.failure-notification", "mails on failure", () => Jobs(Job()));
        yield return RuleCase.Fail("jobs.failure-notification", "nobody told", "email_notifications.on_failure = (absent)", () => Jobs(Job(settings: s => s.Remove("email_notifications"))));
        yield return RuleCase.Pass("jobs.masked-table-compute", "dedicated on 15.4 reads masked tables",
            () => Jobs(Job(c => { c["data_security_mode"] = "SINGLE_USER"; c["spark_version"] = "15.4.x-scala2.12"; })));
        yield return RuleCase.Pass("jobs.masked-table-compute", "standard access mode", () => Jobs(Job(c => { c["data_security_mode"] = "USER_ISOLATION"; c["spark_version"] = "13.3.x-scala2.12"; })));
        yield return RuleCase.Fail("jobs.masked-table-compute", "dedicated on 14.3 cannot", "data_security_mode = SINGLE_USER, spark_version = 14.3.x-scala2.12 (masked tables need",
            () => Jobs(Job(c => { c["data_security_mode"] = "SINGLE_USER"; c["spark_version"] = "14.3.x-scala2.12"; })));
        yield return RuleCase.Fail("jobs.masked-table-compute", "no access mode", "data_security_mode = (absent)", () => Jobs(Job()));
        yield return RuleCase.Pass("jobs.table-maintenance", "a scheduled job runs the maintenance notebook", () => Jobs(Job(task: t => t["notebook_task"]!["notebook_path"] = Maintenance)));
        yield return RuleCase.Fail("jobs.table-maintenance", "nothing runs it", "no scheduled job runs a notebook with OPTIMIZE", () => Jobs(Job()));
        yield return RuleCase.Pass("jobs.workload-class", "a critical job rendered from its class", () => Jobs(CriticalJob()));
        yield return RuleCase.Fail("jobs.workload-class", "a critical job on spot workers", "azure_attributes.availability = SPOT_WITH_FALLBACK_AZURE, class says ON_DEMAND_AZURE",
            () => Jobs(CriticalJob(c => c["azure_attributes"]!["availability"] = "SPOT_WITH_FALLBACK_AZURE")));
        yield return RuleCase.Fail("jobs.workload-class", "a job no class names", "has no workload class", () => Jobs(Job()));
    }

    [TestCaseSource(nameof(Data))]
    public void Rule_passes_or_fails_as_the_fragment_says(RuleCase rule) => rule.Verify();

    private static IEnumerable<TestCaseData> Data() => RuleCase.Data(Cases());

    private static PolicyInput Jobs(params BundleJob[] jobs)
    {
        var notebook = Encoding.UTF8.GetBytes("OPTIMIZE t\nVACUUM t RETAIN 168 HOURS\n");
        return new PolicyInput
        {
            Environment = Environment(),
            Lakehouse = Declaration(),
            Workspace = new WorkspaceBundle
            {
                NotebookRoot = "/Shared/root",
                Notebooks = [new BundleNotebook("maintenance/maintenance", Maintenance, NotebookLanguage.Sql, notebook, "", "")],
                Jobs = jobs,
                Policies = [new BundlePolicy("serving", "serving", "", new JsonObject(), "", "")],
            },
        };
    }

    /// <summary>The daily job as the sandbox's critical class renders it (tagged with the class its template declares).</summary>
    private static BundleJob CriticalJob(Action<JsonObject>? cluster = null)
    {
        var environment = Environment();
        var (criticalKey, critical) = environment.Workload.Classes.Single(c => c.Value.Critical);
        var emails = new JsonArray(environment.Alerting.Tier(critical.AlertTier)!.Emails.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray());
        var job = Job(cluster: c =>
        {
            c["azure_attributes"] = new JsonObject { ["availability"] = critical.Availability, ["first_on_demand"] = 1 };
            cluster?.Invoke(c);
        }, settings: s =>
        {
            s["timeout_seconds"] = critical.TimeoutSeconds;
            s["health"] = JsonNode.Parse($$"""{"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": {{critical.DurationWarningSeconds}}}]}""");
            s["queue"] = new JsonObject { ["enabled"] = critical.Queue };
            s["max_concurrent_runs"] = critical.MaxConcurrentRuns;
            s["email_notifications"] = new JsonObject { ["on_failure"] = emails };
            if (s["tags"] is not JsonObject tags)
            {
                s["tags"] = tags = new JsonObject();
            }

            tags[ProjectScout.Toolkit.Rendering.WorkloadScript.ClassTag] = criticalKey;
        });
        return job with { Key = "juicer_daily_medallion" };
    }

    /// <summary>A daily job: gold_work and its gate on one serving cluster, with every setting the rules look for; edits break one.</summary>
    private static BundleJob Job(Action<JsonObject>? cluster = null, Action<JsonObject>? task = null, Action<JsonObject>? settings = null)
    {
        var json = JsonNode.Parse(Fill("""
            {"name": "daily", "schedule": {"quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "UTC", "pause_status": "PAUSED"},
             "email_notifications": {"on_failure": ["team@example.com"]},
             "job_clusters": [{"job_cluster_key": "serving", "new_cluster": {"policy_id": "policy:serving", "autoscale": {"min_workers": 1, "max_workers": 3},
               "spark_conf": {"spark.databricks.delta.optimizeWrite.enabled": "true", "spark.databricks.io.cache.enabled": "true"}}}],
             "tasks": [{"task_key": "@1@", "job_cluster_key": "serving", "max_retries": 2, "notebook_task": {"notebook_path": "/Shared/root/work"}},
                       {"task_key": "@1@_gate", "job_cluster_key": "serving", "notebook_task": {"notebook_path": "@0@"}}]}
            """, Gate, ServedTask))!.AsObject();
        cluster?.Invoke(json["job_clusters"]![0]!["new_cluster"]!.AsObject());
        task?.Invoke(json["tasks"]![0]!.AsObject());
        settings?.Invoke(json);
        return new BundleJob("daily", json, "", "");
    }
}
