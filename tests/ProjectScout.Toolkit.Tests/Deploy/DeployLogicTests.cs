using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Toolkit.Deployment.Steps;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>The pure parts of deploying: names, error text, normalisation, plan documents, lease and record tags.</summary>
public class DeployLogicTests
{
    [Test]
    public void Deployment_names_are_deterministic_valid_and_change_with_content()
    {
        var a = DeploymentNames.For("sandbox", 1, "{\"resources\":[]}", "{}");
        var b = DeploymentNames.For("sandbox", 1, "{\"resources\":[]}", "{}");
        var c = DeploymentNames.For("sandbox", 1, "{\"resources\":[1]}", "{}");
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
        Assert.That(a, Does.Match(@"^projectscout-sandbox-phase1-[0-9a-f]{12}$"));

        var longName = DeploymentNames.For(new string('e', 80) + " with spaces/slashes", 3, "t", "p");
        Assert.That(longName.Length, Is.LessThanOrEqualTo(64));
        Assert.That(ArmDeploymentNames.IsValid(longName), Is.True, longName);
        Assert.That(longName, Does.Match("-phase3-[0-9a-f]{12}$"), "the content hash survives truncation");
    }

    [Test]
    public void Arm_errors_read_as_one_line_with_target_and_nested_details()
    {
        const string body = """
            {"error":{"code":"InvalidTemplateDeployment","message":"The template deployment failed.","details":[
              {"code":"StorageAccountAlreadyTaken","message":"The storage account named x is already taken.","target":"x"},
              {"code":"PolicyViolation","message":"Denied.","details":[{"code":"Inner","message":"deep"}]}]}}
            """;
        var error = ArmException.FromBody(400, "Deployment d", body);
        Assert.That(error.Code, Is.EqualTo("InvalidTemplateDeployment"));
        Assert.That(error.Message, Does.Not.Contain("\n"));
        Assert.That(error.Message, Does.Contain("StorageAccountAlreadyTaken: The storage account named x is already taken. [target x]"));
        Assert.That(error.Message, Does.Contain("PolicyViolation: Denied.; Inner: deep"));

        var html = ArmException.FromBody(502, "Deployment d", "<html>bad gateway</html>");
        Assert.That(html.Message, Does.Contain("HTTP 502").And.Contain("bad gateway"));
    }

    [Test]
    public void Databricks_error_bodies_are_parsed_into_code_and_message()
    {
        var error = DatabricksApiException.FromBody(404, """{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Job 7 does not exist."}""", "jobs/get 7");
        Assert.That(error.ErrorCode, Is.EqualTo("RESOURCE_DOES_NOT_EXIST"));
        Assert.That(error.IsNotFound, Is.True);
        Assert.That(error.Message, Is.EqualTo("jobs/get 7 failed (HTTP 404 RESOURCE_DOES_NOT_EXIST): Job 7 does not exist."));
    }

    [Test]
    public void Normalisation_ignores_server_defaults_and_list_order_but_not_real_changes()
    {
        var desired = JsonNode.Parse("""
            {"name":"j","tags":{"a":"1"},"email_notifications":{"on_failure":["x@y","a@b"]},
             "tasks":[{"task_key":"b","depends_on":[{"task_key":"a"}]},{"task_key":"a","spark_python_task":{"python_params":["2","1"]}}]}
            """)!.AsObject();
        var live = JsonNode.Parse("""
            {"name":"j","format":"MULTI_TASK","max_concurrent_runs":1,"timeout_seconds":0,"queue":{"enabled":true},
             "run_as":{"user_name":"someone"},"webhook_notifications":{},"tags":{"a":"1"},
             "email_notifications":{"on_failure":["a@b","x@y"]},
             "tasks":[{"task_key":"a","run_if":"ALL_SUCCESS","timeout_seconds":0,"spark_python_task":{"python_params":["2","1"]}},
                      {"task_key":"b","depends_on":[{"task_key":"a"}],"email_notifications":{}}],
             "some_future_field":null}
            """)!.AsObject();
        Assert.That(JsonNormalizer.DifferingFields(desired, live), Is.Empty);

        // Ordered lists stay ordered; a changed value or an extra field set in the UI is drift.
        var reordered = (JsonObject)live.DeepClone();
        reordered["tasks"]![0]!["spark_python_task"]!["python_params"] = new JsonArray("1", "2");
        reordered["max_concurrent_runs"] = 4;
        reordered["description"] = "edited in the UI";
        Assert.That(JsonNormalizer.DifferingFields(desired, reordered), Is.EqualTo(new[] { "description", "max_concurrent_runs", "tasks" }));
    }

    [Test]
    public void Unknown_fields_and_enum_values_survive_a_round_trip()
    {
        const string text = """{"name":"j","health":{"rules":[{"metric":"SOME_NEW_METRIC","op":"GREATER_THAN","value":5}]},"new_thing":{"x":[1,2]}}""";
        var settings = JsonNode.Parse(text)!.AsObject();
        JobAdapter.ReplacePolicyIds(settings, _ => null);
        Assert.That(settings.ToJsonString(), Is.EqualTo(text));
    }

    [Test]
    public void Policy_placeholders_are_replaced_everywhere_and_only_there()
    {
        var settings = JsonNode.Parse("""{"job_clusters":[{"new_cluster":{"policy_id":"policy:bronze"}},{"new_cluster":{"policy_id":"ABC"}}],"description":"policy:bronze"}""")!.AsObject();
        JobAdapter.ReplacePolicyIds(settings, id => id == "policy:bronze" ? "E0123" : null);
        Assert.That(settings["job_clusters"]![0]!["new_cluster"]!["policy_id"]!.ToString(), Is.EqualTo("E0123"));
        Assert.That(settings["job_clusters"]![1]!["new_cluster"]!["policy_id"]!.ToString(), Is.EqualTo("ABC"));
        Assert.That(settings["description"]!.ToString(), Is.EqualTo("policy:bronze"));
    }

    [Test]
    public void Notebook_hash_ignores_line_endings_and_trailing_newlines_only()
    {
        var a = JsonNormalizer.NotebookHash("# Databricks notebook source\nprint(1)\n"u8.ToArray());
        var b = JsonNormalizer.NotebookHash("# Databricks notebook source\r\nprint(1)"u8.ToArray());
        var c = JsonNormalizer.NotebookHash("# Databricks notebook source\nprint(2)\n"u8.ToArray());
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void Plan_json_puts_the_summary_first_and_is_stable()
    {
        var plan = new PhasePlan
        {
            Environment = "sandbox",
            Phase = 1,
            DeploymentName = "projectscout-sandbox-phase1-0123456789ab",
            Changes =
            [
                new PlanChange("arm", "Microsoft.Storage/storageAccounts", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x", ChangeAction.Update, "properties.minimumTlsVersion"),
                new PlanChange("databricks", "job", "bronze", ChangeAction.Create),
                new PlanChange("databricks", "notebook", "/Shared/a", ChangeAction.NoChange),
                new PlanChange("databricks", "job", "old", ChangeAction.Delete, "no longer in the bundle"),
            ],
        };
        var json = plan.ToJson();
        var document = JsonNode.Parse(json)!.AsObject();
        Assert.That(document.First().Key, Is.EqualTo("summary"));
        Assert.That(document["summary"]!.ToJsonString(), Is.EqualTo("""{"create":1,"update":1,"delete":1,"noChange":1,"orphaned":0,"drift":0}"""));
        Assert.That(document["changes"]!.AsArray().Count, Is.EqualTo(4));
        Assert.That(plan.ToMarkdown(), Does.Contain("| 1 | 1 | 1 | 1 |").And.Contain("| delete | databricks | job | old | no longer in the bundle |"));
        Assert.That(plan.ToConsoleLines()[^1], Is.EqualTo("Phase 1 plan: 1 to create, 1 to update, 1 to delete, 1 unchanged."));
    }

    [Test]
    public void What_if_changes_map_to_plan_actions_and_ignore_is_left_out()
    {
        const string id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default";
        Assert.That(ArmPlane.ResourceType(id), Is.EqualTo("Microsoft.Storage/storageAccounts/blobServices"));
        var modify = ArmPlane.ToPlanChange(new WhatIfChange(id, "Modify", JsonNode.Parse("""{"delta":[{"path":"properties.deleteRetentionPolicy.days"}]}""")!.AsObject()));
        Assert.That(modify!.Action, Is.EqualTo(ChangeAction.Update));
        Assert.That(modify.Detail, Is.EqualTo("properties.deleteRetentionPolicy.days"));
        Assert.That(ArmPlane.ToPlanChange(new WhatIfChange(id, "Ignore", new JsonObject())), Is.Null);
        Assert.That(ArmPlane.ToPlanChange(new WhatIfChange(id, "NoChange", new JsonObject()))!.Action, Is.EqualTo(ChangeAction.NoChange));
        Assert.That(ArmPlane.ToPlanChange(new WhatIfChange(id, "Deploy", new JsonObject()))!.Action, Is.EqualTo(ChangeAction.Update));
    }

    [Test]
    public void Lock_lease_and_phase_record_round_trip_through_tag_values()
    {
        var lease = new LockLease("builder@agent-7 pid 42", "20261122.3", new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero), "abc123");
        var parsed = LockLease.Parse(lease.Format());
        Assert.That(parsed, Is.EqualTo(lease));
        Assert.That(lease.Format().Length, Is.LessThanOrEqualTo(256));
        Assert.That(parsed!.IsExpired(lease.Expires.AddSeconds(1)), Is.True);
        Assert.That(LockLease.Parse("garbage")!.IsExpired(DateTimeOffset.UtcNow), Is.True, "an unreadable lease must not block deploys forever");

        var record = new PhaseRecord(2, "projectscout-dev-phase2-0123456789ab", "1.0.0", "deadbeef", new DateTimeOffset(2026, 11, 22, 18, 1, 2, TimeSpan.Zero), "77");
        var tags = new Dictionary<string, string> { [PhaseRecord.TagName(2)] = record.Format() };
        Assert.That(PhaseRecord.Read(tags, 2), Is.EqualTo(record));
        Assert.That(PhaseRecord.Read(tags, 1), Is.Null);
    }

    [Test]
    public void Snapshot_comparison_checks_declared_key_properties_and_skips_unevaluated_expressions()
    {
        var predicted = JsonNode.Parse("""
            {"location":"East US 2","sku":{"name":"Standard_LRS"},"kind":"StorageV2",
             "properties":{"minimumTlsVersion":"TLS1_2","allowBlobPublicAccess":false,"networkAcls":{"defaultAction":"Deny"},
                           "encryption":{"keySource":"[reference('kv').vaultUri]"}}}
            """)!.AsObject();
        var live = JsonNode.Parse("""
            {"location":"eastus2","sku":{"name":"Standard_LRS","tier":"Standard"},"kind":"StorageV2",
             "properties":{"minimumTlsVersion":"TLS1_0","allowBlobPublicAccess":false,"networkAcls":{"defaultAction":"deny","bypass":"AzureServices"},
                           "encryption":{"keySource":"Microsoft.Storage"},"provisioningState":"Succeeded"}}
            """)!.AsObject();
        Assert.That(SnapshotVerifier.Compare(predicted, live), Is.EqualTo(new[] { "properties.minimumTlsVersion is \"TLS1_0\", expected \"TLS1_2\"" }));
    }

    [Test]
    public void Deleting_a_stateful_resource_needs_allow_delete_other_deletes_do_not()
    {
        PhasePlan Plan(params PlanChange[] changes) => new() { Environment = "dev", Phase = 1, DeploymentName = "d", Changes = changes };
        var vault = Plan(new PlanChange("arm", "Microsoft.KeyVault/vaults", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", ChangeAction.Delete));
        var error = Assert.Throws<ProjectScout.Model.Diagnostics.ToolkitException>(() => ApproveDestructiveChanges.Approve(vault, new DeployOptions()));
        Assert.That(error!.Message, Does.Contain("Microsoft.KeyVault/vaults/kv").And.Contain("--allow-delete=true"));
        Assert.DoesNotThrow(() => ApproveDestructiveChanges.Approve(vault, new DeployOptions { AllowDelete = true }));

        var alert = Plan(
            new PlanChange("arm", "Microsoft.Insights/metricAlerts", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/metricAlerts/a", ChangeAction.Delete),
            new PlanChange("databricks", "job", "old", ChangeAction.Delete));
        Assert.DoesNotThrow(() => ApproveDestructiveChanges.Approve(alert, new DeployOptions()));
    }
}
