using System.Net;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox;

namespace ProjectScout.Sandbox.Tests;

/// <summary>Every Databricks endpoint over real HTTPS: a correct request answered like the service, and the bad requests we send answered with its error codes.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class DatabricksApiTests() : SandboxFixture("sandbox-databricks")
{
    [Test]
    public async Task Workspace_import_export_status_list_and_delete_behave_like_the_service()
    {
        var folder = "/Shared/" + SandboxTesting.Unique("ws");
        var notebook = "# Databricks notebook source\nprint('bronze')\n";

        var missingParent = await Client.PostJsonAsync("api/2.0/workspace/import", new JsonObject
        {
            ["path"] = folder + "/bronze", ["format"] = "SOURCE", ["language"] = "PYTHON", ["content"] = SandboxTesting.Base64(notebook),
        });
        Assert.That((missingParent.Status, missingParent.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")));
        Assert.That((string?)missingParent.Body!["message"], Does.Contain("parent folder"));

        Assert.That((await Client.PostJsonAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = folder + "/sub" })).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.PostJsonAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = folder })).Status, Is.EqualTo(HttpStatusCode.OK), "mkdirs of an existing folder succeeds");

        var import = new JsonObject { ["path"] = folder + "/bronze", ["format"] = "SOURCE", ["language"] = "PYTHON", ["content"] = SandboxTesting.Base64(notebook) };
        Assert.That((await Client.PostJsonAsync("api/2.0/workspace/import", import)).Status, Is.EqualTo(HttpStatusCode.OK));
        var again = await Client.PostJsonAsync("api/2.0/workspace/import", import.DeepClone());
        Assert.That((again.Status, again.ErrorCode), Is.EqualTo((HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS")));
        var overwrite = (JsonObject)import.DeepClone();
        overwrite["overwrite"] = true;
        overwrite["content"] = SandboxTesting.Base64(notebook + "print('v2')\n");
        Assert.That((await Client.PostJsonAsync("api/2.0/workspace/import", overwrite)).Status, Is.EqualTo(HttpStatusCode.OK));

        var auto = await Client.PostJsonAsync("api/2.0/workspace/import", new JsonObject
        {
            ["path"] = folder + "/silver.py", ["format"] = "AUTO", ["content"] = SandboxTesting.Base64("# Databricks notebook source\nx = 1\n"),
        });
        Assert.That(auto.Status, Is.EqualTo(HttpStatusCode.OK));

        var status = await Client.GetJsonAsync($"api/2.0/workspace/get-status?path={Uri.EscapeDataString(folder + "/bronze")}");
        Assert.That((string?)status.Body!["object_type"], Is.EqualTo("NOTEBOOK"));
        Assert.That((string?)status.Body!["language"], Is.EqualTo("PYTHON"));
        Assert.That((long)status.Body!["object_id"]!, Is.GreaterThan(0));

        var exported = await Client.GetJsonAsync($"api/2.0/workspace/export?path={Uri.EscapeDataString(folder + "/bronze")}&format=SOURCE");
        Assert.That(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)exported.Body!["content"]!)), Is.EqualTo(notebook + "print('v2')\n"));

        var listed = await Client.GetJsonAsync($"api/2.0/workspace/list?path={Uri.EscapeDataString(folder)}");
        var paths = listed.Body!["objects"]!.AsArray().Select(o => $"{o!["object_type"]} {o["path"]}").Order().ToList();
        Assert.That(paths, Is.EqualTo(new[] { $"DIRECTORY {folder}/sub", $"NOTEBOOK {folder}/bronze", $"NOTEBOOK {folder}/silver" }), "AUTO strips the .py of a notebook");

        var missing = await Client.GetJsonAsync("api/2.0/workspace/get-status?path=/Shared/nothing-here");
        Assert.That((missing.Status, missing.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")));

        var notEmpty = await Client.PostJsonAsync("api/2.0/workspace/delete", new JsonObject { ["path"] = folder });
        Assert.That(notEmpty.ErrorCode, Is.EqualTo("DIRECTORY_NOT_EMPTY"));
        Assert.That((await Client.PostJsonAsync("api/2.0/workspace/delete", new JsonObject { ["path"] = folder, ["recursive"] = true })).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetJsonAsync($"api/2.0/workspace/get-status?path={Uri.EscapeDataString(folder + "/bronze")}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Import_over_ten_megabytes_is_refused_with_MAX_NOTEBOOK_SIZE_EXCEEDED()
    {
        var content = Convert.ToBase64String(new byte[10 * 1024 * 1024 + 1]);
        var reply = await Client.PostJsonAsync("api/2.0/workspace/import", new JsonObject { ["path"] = "/Shared/big", ["format"] = "RAW", ["content"] = content });
        Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "MAX_NOTEBOOK_SIZE_EXCEEDED")));
    }

    private static JsonObject Job(string name, string? policyId = null) => new()
    {
        ["name"] = name,
        ["tags"] = new JsonObject { ["layer"] = "bronze", ["owner"] = "juicer" },
        ["job_clusters"] = new JsonArray(new JsonObject
        {
            ["job_cluster_key"] = "etl",
            ["new_cluster"] = new JsonObject
            {
                ["spark_version"] = "15.4.x-scala2.12",
                ["node_type_id"] = "Standard_DS3_v2",
                ["autoscale"] = new JsonObject { ["min_workers"] = 1, ["max_workers"] = 3 },
                ["policy_id"] = policyId,
            },
        }),
        ["tasks"] = new JsonArray(
            new JsonObject { ["task_key"] = "ingest", ["job_cluster_key"] = "etl", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Shared/juicer/bronze" } },
            new JsonObject
            {
                ["task_key"] = "refine",
                ["job_cluster_key"] = "etl",
                ["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = "ingest" }),
                ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Shared/juicer/silver" },
            }),
    };

    [Test]
    public async Task Jobs_create_get_reset_update_and_delete_round_trip()
    {
        var name = SandboxTesting.Unique("juicer-job");
        var created = await Client.PostJsonAsync("api/2.2/jobs/create", Job(name));
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.OK));
        var id = (long)created.Body!["job_id"]!;

        var job = await Client.GetJsonAsync($"api/2.2/jobs/get?job_id={id}");
        Assert.That((long)job.Body!["job_id"]!, Is.EqualTo(id));
        Assert.That((long)job.Body!["created_time"]!, Is.GreaterThan(0));
        Assert.That((string?)job.Body!["settings"]!["tags"]!["layer"], Is.EqualTo("bronze"));
        Assert.That(job.Body!["settings"]!["tasks"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((bool?)job.Body!["settings"]!["queue"]!["enabled"], Is.True, "2.2 turns queueing on by default");
        var firstTask = job.Body!["settings"]!["tasks"]![0]!;
        Assert.That(((string?)firstTask["run_if"], (string?)firstTask["notebook_task"]!["source"]), Is.EqualTo(("ALL_SUCCESS", "WORKSPACE")), "jobs/get fills the task defaults");

        var reset = Job(name);
        reset["tasks"]!.AsArray().RemoveAt(1);
        Assert.That((await Client.PostJsonAsync("api/2.2/jobs/reset", new JsonObject { ["job_id"] = id, ["new_settings"] = reset })).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetJsonAsync($"api/2.2/jobs/get?job_id={id}")).Body!["settings"]!["tasks"]!.AsArray(), Has.Count.EqualTo(1), "reset replaces all settings");

        var update = new JsonObject
        {
            ["job_id"] = id,
            ["new_settings"] = new JsonObject
            {
                ["max_concurrent_runs"] = 2,
                ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "publish", ["job_cluster_key"] = "etl", ["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = "ingest" }) }),
            },
            ["fields_to_remove"] = new JsonArray("tags"),
        };
        Assert.That((await Client.PostJsonAsync("api/2.1/jobs/update", update)).Status, Is.EqualTo(HttpStatusCode.OK));
        var updated = (await Client.GetJsonAsync($"api/2.1/jobs/get?job_id={id}")).Body!["settings"]!;
        Assert.That(updated["tasks"]!.AsArray().Select(t => (string?)t!["task_key"]), Is.EqualTo(new[] { "ingest", "publish" }), "update merges tasks by task_key");
        Assert.That((long)updated["max_concurrent_runs"]!, Is.EqualTo(2));
        Assert.That(updated["tags"], Is.Null, "fields_to_remove removed the tags");

        Assert.That((await Client.PostJsonAsync("api/2.2/jobs/delete", new JsonObject { ["job_id"] = id })).Status, Is.EqualTo(HttpStatusCode.OK));
        var gone = await Client.GetJsonAsync($"api/2.2/jobs/get?job_id={id}");
        Assert.That((gone.Status, gone.ErrorCode, (string?)gone.Body!["message"]), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"Job {id} does not exist.")), "as the service answers a missing job");
        var resetGone = await Client.PostJsonAsync("api/2.2/jobs/reset", new JsonObject { ["job_id"] = id, ["new_settings"] = Job(name) });
        Assert.That(resetGone.ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"));
    }

    [Test]
    public async Task Jobs_list_filters_by_exact_name_case_insensitively_and_pages_with_tokens()
    {
        var name = SandboxTesting.Unique("Paged-Job");
        for (var i = 0; i < 5; i++)
        {
            await Client.PostJsonAsync("api/2.2/jobs/create", Job(name));
        }

        await Client.PostJsonAsync("api/2.2/jobs/create", Job(name + "-other"));
        var ids = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"api/2.2/jobs/list?name={Uri.EscapeDataString(name.ToUpperInvariant())}&limit=2" + (token is null ? string.Empty : $"&page_token={Uri.EscapeDataString(token)}");
            var page = await Client.GetJsonAsync(url);
            var jobs = page.Body!["jobs"]!.AsArray();
            Assert.That(jobs.All(j => j!["settings"]!["tasks"] is null), "tasks only with expand_tasks");
            Assert.That(jobs.All(j => (string?)j!["settings"]!["tags"]!["owner"] == "juicer"), "settings.tags are listed");
            ids.AddRange(jobs.Select(j => (long)j!["job_id"]!));
            Assert.That(page.Body!["prev_page_token"] is not null, Is.EqualTo(pages > 0), "prev_page_token after the first page");
            if (pages == 1)
            {
                var back = await Client.GetJsonAsync($"api/2.2/jobs/list?name={Uri.EscapeDataString(name)}&limit=2&page_token={Uri.EscapeDataString((string)page.Body!["prev_page_token"]!)}");
                Assert.That(back.Body!["jobs"]!.AsArray().Select(j => (long)j!["job_id"]!), Is.EqualTo(ids.Take(2)), "prev_page_token returns the previous page");
            }

            token = (string?)page.Body!["next_page_token"];
            Assert.That((bool)page.Body!["has_more"]!, Is.EqualTo(token is not null));
            pages++;
        }
        while (token is not null);

        Assert.That((ids.Count, pages, ids.Distinct().Count()), Is.EqualTo((5, 3, 5)));
        Assert.That(ids, Is.Ordered.Descending, "newest first");
        var expanded = await Client.GetJsonAsync($"api/2.2/jobs/list?name={Uri.EscapeDataString(name)}&expand_tasks=true&limit=1");
        Assert.That(expanded.Body!["jobs"]![0]!["settings"]!["tasks"]!.AsArray(), Has.Count.EqualTo(2));
        var tooMany = await Client.GetJsonAsync("api/2.2/jobs/list?limit=101");
        Assert.That((tooMany.Status, tooMany.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")));
    }

    [TestCase("unknown job_cluster_key")]
    [TestCase("duplicate task key")]
    [TestCase("unknown depends_on")]
    [TestCase("max_workers equal to min_workers")]
    [TestCase("unknown policy_id")]
    [TestCase("dependency cycle")]
    public async Task Invalid_job_settings_are_refused_with_INVALID_PARAMETER_VALUE(string defect)
    {
        var job = Job(SandboxTesting.Unique("bad-job"));
        var tasks = job["tasks"]!.AsArray();
        var cluster = job["job_clusters"]![0]!["new_cluster"]!;
        switch (defect)
        {
            case "unknown job_cluster_key":
                tasks[0]!["job_cluster_key"] = "nope";
                break;
            case "duplicate task key":
                tasks[1]!["task_key"] = "ingest";
                tasks[1]!.AsObject().Remove("depends_on");
                break;
            case "unknown depends_on":
                tasks[1]!["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = "missing" });
                break;
            case "max_workers equal to min_workers":
                cluster["autoscale"] = new JsonObject { ["min_workers"] = 2, ["max_workers"] = 2 };
                break;
            case "unknown policy_id":
                cluster["policy_id"] = "0000000000000000";
                break;
            case "dependency cycle":
                tasks[0]!["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = "refine" });
                break;
        }

        var reply = await Client.PostJsonAsync("api/2.2/jobs/create", job);
        Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")), (string?)reply.Body?["message"]);
    }

    [Test]
    public async Task Cluster_policies_round_trip_refuse_duplicate_names_and_are_enforced_on_job_clusters()
    {
        var name = SandboxTesting.Unique("juicer-policy");
        var definition = new JsonObject
        {
            ["spark_version"] = new JsonObject { ["type"] = "fixed", ["value"] = "15.4.x-scala2.12" },
            ["autoscale.max_workers"] = new JsonObject { ["type"] = "range", ["maxValue"] = 4 },
        }.ToJsonString();
        var created = await Client.PostJsonAsync("api/2.0/policies/clusters/create", new JsonObject { ["name"] = name, ["definition"] = definition, ["description"] = "jobs" });
        var id = (string)created.Body!["policy_id"]!;
        Assert.That(id, Does.Match("^[0-9A-F]{16}$"));

        var duplicate = await Client.PostJsonAsync("api/2.0/policies/clusters/create", new JsonObject { ["name"] = name.ToUpperInvariant(), ["definition"] = definition });
        Assert.That((duplicate.Status, duplicate.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")));

        var fetched = await Client.GetJsonAsync($"api/2.0/policies/clusters/get?policy_id={id}");
        Assert.That(((string?)fetched.Body!["name"], (string?)fetched.Body!["definition"]), Is.EqualTo((name, definition)));
        Assert.That((await Client.GetJsonAsync("api/2.0/policies/clusters/list")).Body!["policies"]!.AsArray().Select(p => (string?)p!["policy_id"]), Does.Contain(id));

        Assert.That((await Client.PostJsonAsync("api/2.2/jobs/create", Job(SandboxTesting.Unique("policy-job"), id))).Status, Is.EqualTo(HttpStatusCode.OK), "a compliant job cluster");
        var tooBig = Job(SandboxTesting.Unique("policy-job"), id);
        tooBig["job_clusters"]![0]!["new_cluster"]!["autoscale"] = new JsonObject { ["min_workers"] = 1, ["max_workers"] = 8 };
        Assert.That((await Client.PostJsonAsync("api/2.2/jobs/create", tooBig)).ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"), "range rule enforced");

        Assert.That((await Client.PostJsonAsync("api/2.0/policies/clusters/edit", new JsonObject { ["policy_id"] = id, ["name"] = name, ["definition"] = "{}" })).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)(await Client.GetJsonAsync($"api/2.0/policies/clusters/get?policy_id={id}")).Body!["definition"], Is.EqualTo("{}"));
        Assert.That((await Client.PostJsonAsync("api/2.0/policies/clusters/delete", new JsonObject { ["policy_id"] = id })).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.GetJsonAsync($"api/2.0/policies/clusters/get?policy_id={id}")).ErrorCode, Is.EqualTo("RESOURCE_DOES_NOT_EXIST"));
    }

    [Test]
    public async Task Key_Vault_backed_secret_scopes_are_created_listed_and_validated()
    {
        var scope = SandboxTesting.Unique("juicer-kv");
        var resourceId = "/subscriptions/5a4d0b0c-5c07-4b1d-9a11-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-juicer";
        var body = new JsonObject
        {
            ["scope"] = scope,
            ["scope_backend_type"] = "AZURE_KEYVAULT",
            ["backend_azure_keyvault"] = new JsonObject { ["resource_id"] = resourceId, ["dns_name"] = "https://kv-juicer.vault.azure.net/" },
        };
        Assert.That((await Client.PostJsonAsync("api/2.0/secrets/scopes/create", body)).Status, Is.EqualTo(HttpStatusCode.OK));
        var again = await Client.PostJsonAsync("api/2.0/secrets/scopes/create", body.DeepClone());
        Assert.That((again.Status, again.ErrorCode), Is.EqualTo((HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS")));
        var noBackend = await Client.PostJsonAsync("api/2.0/secrets/scopes/create", new JsonObject { ["scope"] = scope + "x", ["scope_backend_type"] = "AZURE_KEYVAULT" });
        Assert.That(noBackend.ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"));

        var listed = (await Client.GetJsonAsync("api/2.0/secrets/scopes/list")).Body!["scopes"]!.AsArray().Single(s => (string?)s!["name"] == scope)!;
        Assert.That(((string?)listed["backend_type"], (string?)listed["keyvault_metadata"]!["resource_id"]), Is.EqualTo(("AZURE_KEYVAULT", resourceId)));
    }

    [Test]
    public async Task Permissions_are_replaced_by_PUT_added_by_PATCH_and_validated()
    {
        var id = (long)(await Client.PostJsonAsync("api/2.2/jobs/create", Job(SandboxTesting.Unique("perm-job")))).Body!["job_id"]!;
        var put = await Client.SendJsonAsync(HttpMethod.Put, $"api/2.0/permissions/jobs/{id}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(new JsonObject { ["group_name"] = "data-engineers", ["permission_level"] = "CAN_MANAGE_RUN" }),
        });
        Assert.That((string?)put.Body!["object_id"], Is.EqualTo($"/jobs/{id}"));
        await Client.SendJsonAsync(HttpMethod.Patch, $"api/2.0/permissions/jobs/{id}", new JsonObject
        {
            ["access_control_list"] = new JsonArray(new JsonObject { ["group_name"] = "analysts", ["permission_level"] = "CAN_VIEW" }),
        });
        var acl = (await Client.GetJsonAsync($"api/2.0/permissions/jobs/{id}")).Body!["access_control_list"]!.AsArray();
        string? Level(string group) => (string?)acl.FirstOrDefault(e => (string?)e!["group_name"] == group)?["all_permissions"]![0]!["permission_level"];
        Assert.That((Level("data-engineers"), Level("analysts")), Is.EqualTo(("CAN_MANAGE_RUN", "CAN_VIEW")));

        await Client.SendJsonAsync(HttpMethod.Put, $"api/2.0/permissions/jobs/{id}", new JsonObject { ["access_control_list"] = new JsonArray(new JsonObject { ["group_name"] = "analysts", ["permission_level"] = "CAN_VIEW" }) });
        acl = (await Client.GetJsonAsync($"api/2.0/permissions/jobs/{id}")).Body!["access_control_list"]!.AsArray();
        Assert.That(Level("data-engineers"), Is.Null, "PUT replaced the direct grants");

        var badLevel = await Client.SendJsonAsync(HttpMethod.Put, $"api/2.0/permissions/jobs/{id}", new JsonObject { ["access_control_list"] = new JsonArray(new JsonObject { ["group_name"] = "x", ["permission_level"] = "CAN_USE" }) });
        Assert.That(badLevel.ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"));
        var noJob = await Client.GetJsonAsync("api/2.0/permissions/jobs/1");
        Assert.That((noJob.Status, noJob.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")));
    }

    [Test]
    public async Task Requests_without_a_bearer_token_get_401_in_the_Databricks_shape_and_unknown_paths_404()
    {
        using var anonymous = new HttpClient(ProjectScout.Sandbox.Hosting.SandboxCertificate.CreatePinnedHandler(Server.Certificate)) { BaseAddress = Server.DatabricksEndpoint };
        var reply = await anonymous.GetJsonAsync("api/2.2/jobs/list");
        Assert.That((reply.Status, reply.ErrorCode), Is.EqualTo((HttpStatusCode.Unauthorized, "UNAUTHENTICATED")));
        var unknown = await Client.GetJsonAsync("api/2.0/clusters/list-everything");
        Assert.That((unknown.Status, unknown.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND")));
    }

    [Test]
    public void A_client_that_does_not_pin_the_certificate_is_refused_by_TLS()
    {
        using var client = new HttpClient { BaseAddress = Server.DatabricksEndpoint };
        Assert.ThrowsAsync<HttpRequestException>(() => client.GetJsonAsync("api/2.2/jobs/list"));
    }
}
