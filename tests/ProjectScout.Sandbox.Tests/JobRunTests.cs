using System.Net;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox.Databricks;

namespace ProjectScout.Sandbox.Tests;

/// <summary>
/// Job runs over real HTTPS: run-now, runs/get in both state shapes, runs/list paging, cancel, and the walk of what a
/// real run needs, each broken link failing its task with the service's code and message and skipping what follows.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class JobRunTests() : SandboxFixture("sandbox-runs")
{
    private const string Group = "/subscriptions/5a4d0b0c-5c07-4b1d-9a11-000000000001/resourceGroups/rg-runs";
    private const string DatabricksObjectId = "9c1d2ff8-14a6-4304-8ab8-85cbcd0e6f87";

    protected override SandboxOptions Options(string root) => new()
    {
        StateDirectory = Path.Combine(root, "state"),
        RunStepDuration = TimeSpan.FromMilliseconds(50),
        AzureDatabricksObjectId = DatabricksObjectId,
    };

    protected override async Task StartedAsync()
    {
        using var arm = Server.Arm();
        await arm.SendJsonAsync(HttpMethod.Put, Group.TrimStart('/') + "?api-version=2025-04-01", new JsonObject { ["location"] = "eastus2" });
        await Client.PostJsonAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = "/Shared/runs" });
        await Notebook("/Shared/runs/plain", "print('no tables')\n");
    }

    [Test]
    public async Task A_run_goes_from_PENDING_to_TERMINATED_SUCCESS_in_both_the_state_and_the_status_shape()
    {
        var job = await Job(Step("ingest", "/Shared/runs/plain"), Step("refine", "/Shared/runs/plain", "ingest"));
        var started = await Client.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = job });
        var runId = (long)started.Body!["run_id"]!;
        Assert.That((long)started.Body!["number_in_job"]!, Is.EqualTo(1));

        var early = (await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}")).Body!;
        Assert.That((string?)early["state"]!["life_cycle_state"], Is.AnyOf("PENDING", "RUNNING"));
        Assert.That((string?)early["status"]!["state"], Is.EqualTo((string?)early["state"]!["life_cycle_state"]));
        Assert.That(early["state"]!["result_state"], Is.Null, "no result while the run is active");

        var run = await WaitAsync(runId);
        Assert.That(((string?)run["state"]!["life_cycle_state"], (string?)run["state"]!["result_state"]), Is.EqualTo(("TERMINATED", "SUCCESS")));
        Assert.That(((string?)run["status"]!["state"], (string?)run["status"]!["termination_details"]!["code"], (string?)run["status"]!["termination_details"]!["type"]),
            Is.EqualTo(("TERMINATED", "SUCCESS", "SUCCESS")));
        Assert.That(((long)run["job_id"]!, (string?)run["run_type"], (long)run["end_time"]! >= (long)run["start_time"]!), Is.EqualTo((job, "JOB_RUN", true)));
        var tasks = run["tasks"]!.AsArray();
        Assert.That(tasks.Select(t => (string?)t!["task_key"]), Is.EqualTo(new[] { "ingest", "refine" }));
        Assert.That(tasks.Select(t => (string?)t!["state"]!["result_state"]), Is.All.EqualTo("SUCCESS"));
        Assert.That(tasks.Select(t => (string?)t!["run_if"]), Is.All.EqualTo("ALL_SUCCESS"), "the task default");
        Assert.That((long)tasks[1]!["start_time"]!, Is.GreaterThanOrEqualTo((long)tasks[0]!["end_time"]!), "a task starts when what it depends on ended");
        Assert.That(tasks.Select(t => (long)t!["run_id"]!).Distinct().Count(), Is.EqualTo(2), "each task run has its own run_id");

        var missing = await Client.GetJsonAsync("api/2.2/jobs/runs/get?run_id=42");
        Assert.That((missing.Status, missing.ErrorCode, (string?)missing.Body!["message"]), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Run 42 does not exist.")));
        var again = await Client.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = job, ["idempotency_token"] = "t-1" });
        var same = await Client.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = job, ["idempotency_token"] = "t-1" });
        Assert.That((long)same.Body!["run_id"]!, Is.EqualTo((long)again.Body!["run_id"]!), "an idempotency token returns the same run");
    }

    [Test]
    public async Task A_missing_notebook_fails_its_task_skips_what_depends_on_it_and_run_if_decides_the_rest()
    {
        var job = await Job(
            Step("ingest", "/Shared/runs/missing"),
            Step("refine", "/Shared/runs/plain", "ingest"),
            Step("report", "/Shared/runs/plain", "ingest", runIf: "ALL_DONE"),
            Step("alert", "/Shared/runs/plain", "report", runIf: "AT_LEAST_ONE_FAILED"));
        var run = await RunAsync(job);
        var tasks = run["tasks"]!.AsArray().ToDictionary(t => (string)t!["task_key"]!, t => t!);
        Assert.That((string?)tasks["ingest"]["state"]!["result_state"], Is.EqualTo("FAILED"));
        Assert.That((string?)tasks["ingest"]["status"]!["termination_details"]!["code"], Is.EqualTo("RESOURCE_NOT_FOUND"));
        Assert.That((string?)tasks["ingest"]["state"]!["state_message"], Does.StartWith("Unable to access the notebook \"/Shared/runs/missing\". Either it does not exist, or the identity used to run this job"));
        Assert.That(((string?)tasks["refine"]["state"]!["result_state"], (string?)tasks["refine"]["state"]!["life_cycle_state"]), Is.EqualTo(("UPSTREAM_FAILED", "SKIPPED")));
        Assert.That((string?)tasks["report"]["state"]!["result_state"], Is.EqualTo("SUCCESS"), "run_if ALL_DONE runs after a failure");
        Assert.That((string?)tasks["alert"]["state"]!["result_state"], Is.EqualTo("EXCLUDED"), "run_if AT_LEAST_ONE_FAILED with a successful upstream is excluded");
        Assert.That((string?)run["state"]!["result_state"], Is.EqualTo("FAILED"));
        Assert.That(((string?)run["status"]!["termination_details"]!["code"], (string?)run["status"]!["termination_details"]!["type"]), Is.EqualTo(("RUN_EXECUTION_ERROR", "CLIENT_ERROR")));
        Assert.That((string?)run["state"]!["state_message"], Does.StartWith("Task ingest failed with message: Unable to access the notebook").And.EndWith("This caused all downstream tasks to get skipped."));
    }

    [Test]
    public async Task Cancel_ends_an_active_run_CANCELED_and_runs_list_pages_newest_first()
    {
        var chain = Enumerable.Range(0, 12).Select(i => Step("t" + i, "/Shared/runs/plain", i == 0 ? null : "t" + (i - 1))).ToArray();
        var job = await Job(chain);
        var first = (long)(await Client.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = job })).Body!["run_id"]!;
        Assert.That((await Client.PostJsonAsync("api/2.2/jobs/runs/cancel", new JsonObject { ["run_id"] = first })).Status, Is.EqualTo(HttpStatusCode.OK));
        var canceled = (await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={first}")).Body!;
        Assert.That(((string?)canceled["state"]!["result_state"], (string?)canceled["status"]!["termination_details"]!["code"]), Is.EqualTo(("CANCELED", "USER_CANCELED")));
        Assert.That((string?)canceled["tasks"]![11]!["state"]!["result_state"], Is.EqualTo("UPSTREAM_CANCELED"));

        var later = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            later.Add((long)(await Client.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = job })).Body!["run_id"]!);
            await Client.PostJsonAsync("api/2.2/jobs/runs/cancel", new JsonObject { ["run_id"] = later[^1] });
        }

        var page = (await Client.GetJsonAsync($"api/2.2/jobs/runs/list?job_id={job}&limit=2")).Body!;
        Assert.That(page["runs"]!.AsArray().Select(r => (long)r!["run_id"]!), Is.EqualTo(new[] { later[1], later[0] }), "newest first");
        Assert.That(((bool)page["has_more"]!, page["prev_page_token"]), Is.EqualTo((true, (JsonNode?)null)));
        var next = (await Client.GetJsonAsync($"api/2.2/jobs/runs/list?job_id={job}&limit=2&page_token={Uri.EscapeDataString((string)page["next_page_token"]!)}")).Body!;
        Assert.That(next["runs"]!.AsArray().Select(r => (long)r!["run_id"]!), Is.EqualTo(new[] { first }));
        Assert.That(((bool)next["has_more"]!, next["prev_page_token"] is not null), Is.EqualTo((false, true)));
        Assert.That((await Client.GetJsonAsync($"api/2.2/jobs/runs/list?job_id={job}&active_only=true")).Body!["runs"], Is.Null, "no run is active");
        Assert.That((await Client.GetJsonAsync("api/2.2/jobs/runs/list?limit=26")).ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"));
    }

    [Test]
    public async Task A_cluster_policy_that_no_longer_admits_the_job_cluster_fails_the_task_with_INVALID_CLUSTER_REQUEST()
    {
        var policy = (string)(await Client.PostJsonAsync("api/2.0/policies/clusters/create", new JsonObject { ["name"] = SandboxTesting.Unique("runs"), ["definition"] = "{}" })).Body!["policy_id"]!;
        var job = await Job([Step("ingest", "/Shared/runs/plain")], policy);
        await Client.PostJsonAsync("api/2.0/policies/clusters/edit", new JsonObject { ["policy_id"] = policy, ["name"] = SandboxTesting.Unique("runs"), ["definition"] = """{"autoscale.max_workers": {"type": "range", "maxValue": 1}}""" });
        var task = (await RunAsync(job))["tasks"]![0]!;
        Assert.That((string?)task["status"]!["termination_details"]!["code"], Is.EqualTo("INVALID_CLUSTER_REQUEST"));
        Assert.That((string?)task["state"]!["state_message"], Does.StartWith("Cluster validation error: Validation failed for autoscale.max_workers"));
    }

    [Test]
    public async Task Without_egress_on_a_workspace_subnet_the_cluster_never_bootstraps()
    {
        var vnet = Group + "/providers/Microsoft.Network/virtualNetworks/vnet-runs";
        var nat = Group + "/providers/Microsoft.Network/natGateways/nat-runs";
        Server.SeedArmResource(Resource(Group + "/providers/Microsoft.Databricks/workspaces/dbw-runs", "Microsoft.Databricks/workspaces", new JsonObject
        {
            ["parameters"] = new JsonObject
            {
                ["customVirtualNetworkId"] = new JsonObject { ["value"] = vnet },
                ["customPublicSubnetName"] = new JsonObject { ["value"] = "host" },
                ["customPrivateSubnetName"] = new JsonObject { ["value"] = "container" },
            },
        }));
        Server.SeedArmResource(Resource(nat, "Microsoft.Network/natGateways", []));
        try
        {
            SeedVnet(vnet, nat, containerHasEgress: false);
            var job = await Job(Step("ingest", "/Shared/runs/plain"));
            var task = (await RunAsync(job))["tasks"]![0]!;
            Assert.That((string?)task["status"]!["termination_details"]!["code"], Is.EqualTo("CLUSTER_ERROR"));
            Assert.That((string?)task["state"]!["state_message"], Does.Contain("BOOTSTRAP_TIMEOUT").And.Contain("Subnet 'container'"));
        }
        finally
        {
            SeedVnet(vnet, nat, containerHasEgress: true);
        }

        Assert.That((string?)(await RunAsync(await Job(Step("ingest", "/Shared/runs/plain"))))["state"]!["result_state"], Is.EqualTo("SUCCESS"), "a NAT gateway on both subnets");
    }

    [Test]
    public async Task Unity_Catalog_links_fail_in_order_until_the_run_as_principal_and_its_storage_are_granted()
    {
        const string Source = "CATALOG = \"lake_runs\"\nspark.table(\"`lake_runs`.`bronze`.`events`\")\n";
        await Notebook("/Shared/runs/uc", Source);
        var job = await Job(Step("bronze", "/Shared/runs/uc"));
        var connector = Group + "/providers/Microsoft.Databricks/accessConnectors/ac-runs";
        var account = Group + "/providers/Microsoft.Storage/storageAccounts/stlakeruns";
        try
        {
            Server.SeedUnityCatalog(uc => uc.AssignedWorkspaceId = "1");
            await Fails(job, "RUN_EXECUTION_ERROR", "[NO_SUCH_CATALOG_EXCEPTION] Catalog 'lake_runs' was not found.");

            Server.SeedUnityCatalog(uc =>
            {
                uc.Catalogs["lake_runs"] = new CatalogRecord { Name = "lake_runs", Owner = "admins" };
                uc.Schemas["lake_runs.bronze"] = new SchemaRecord { CatalogName = "lake_runs", Name = "bronze", Owner = "admins", StorageRoot = "abfss://bronze@stlakeruns.dfs.core.windows.net/lake_runs" };
            });
            await Fails(job, "UNAUTHORIZED_ERROR", "PERMISSION_DENIED: User does not have USE CATALOG on Catalog 'lake_runs'.");

            Grant("catalog:lake_runs", "USE_CATALOG");
            await Fails(job, "UNAUTHORIZED_ERROR", "PERMISSION_DENIED: User does not have USE SCHEMA on Schema 'lake_runs.bronze'.");

            Grant("catalog:lake_runs", "USE_SCHEMA"); // inherited by every schema of the catalog
            await Fails(job, "STORAGE_ACCESS_ERROR", "PERMISSION_DENIED: No external location covers 'abfss://bronze@stlakeruns.dfs.core.windows.net/lake_runs'");

            Server.SeedUnityCatalog(uc =>
            {
                uc.StorageCredentials["cred"] = new StorageCredentialRecord { Name = "cred", AccessConnectorId = connector };
                uc.ExternalLocations["bronze"] = new ExternalLocationRecord { Name = "bronze", Url = "abfss://bronze@stlakeruns.dfs.core.windows.net/", CredentialName = "cred" };
            });
            await Fails(job, "STORAGE_ACCESS_ERROR", "Failed to access cloud storage: [AbfsRestOperationException]");

            Server.SeedArmResource(Resource(connector, "Microsoft.Databricks/accessConnectors", [], new JsonObject { ["type"] = "SystemAssigned" }));
            Server.SeedArmResource(Resource(account, "Microsoft.Storage/storageAccounts", []));
            using var arm = Server.Arm();
            var served = await arm.GetJsonAsync($"{connector.TrimStart('/')}?api-version=2026-01-01");
            var principal = (string)served.Body!["identity"]!["principalId"]!;
            await Fails(job, "STORAGE_ACCESS_ERROR", "AuthorizationPermissionMismatch", "no data role yet");
            Server.SeedArmResource(RoleAssignment(account, principal, ProjectScout.Model.Azure.AzureRoleDefinitions.StorageBlobDataContributor));
            Assert.That((string?)(await RunAsync(job))["state"]!["result_state"], Is.EqualTo("SUCCESS"));
        }
        finally
        {
            Server.SeedUnityCatalog(uc => uc.AssignedWorkspaceId = null);
        }
    }

    [Test]
    public async Task A_Key_Vault_backed_scope_needs_its_vault_to_grant_the_AzureDatabricks_application()
    {
        await Notebook("/Shared/runs/secrets", "SECRET_SCOPE = \"kv-runs\"\ndef secret(key):\n    return dbutils.secrets.get(scope=SECRET_SCOPE, key=key)\n\nurl = secret(\"JDBC-URL\")\n");
        var job = await Job(Step("ingest", "/Shared/runs/secrets"));
        await Fails(job, "RUN_EXECUTION_ERROR", "RESOURCE_DOES_NOT_EXIST: Scope kv-runs does not exist!");

        var vault = Group + "/providers/Microsoft.KeyVault/vaults/kv-runs";
        await Client.PostJsonAsync("api/2.0/secrets/scopes/create", new JsonObject
        {
            ["scope"] = "kv-runs",
            ["scope_backend_type"] = "AZURE_KEYVAULT",
            ["backend_azure_keyvault"] = new JsonObject { ["resource_id"] = vault, ["dns_name"] = "https://kv-runs.vault.azure.net/" },
        });
        Server.SeedArmResource(Resource(vault, "Microsoft.KeyVault/vaults", []));
        Server.SeedArmResource(RoleAssignment(vault, "00000000-0000-0000-0000-00000000beef", ProjectScout.Model.Azure.AzureRoleDefinitions.KeyVaultSecretsUser));
        await Fails(job, "RUN_EXECUTION_ERROR", "INVALID_STATE: Databricks could not access keyvault: https://kv-runs.vault.azure.net/", "another principal's grant does not count");

        Server.SeedArmResource(RoleAssignment(vault, DatabricksObjectId, ProjectScout.Model.Azure.AzureRoleDefinitions.KeyVaultSecretsUser));
        Assert.That((string?)(await RunAsync(job))["state"]!["result_state"], Is.EqualTo("SUCCESS"));
    }

    // ---------------------------------------------------------------- helpers

    private async Task Fails(long job, string code, string message, string because = "")
    {
        var run = await RunAsync(job);
        var task = run["tasks"]![0]!;
        Assert.That((string?)task["state"]!["result_state"], Is.EqualTo("FAILED"), because + " " + run.ToJsonString());
        Assert.That((string?)task["status"]!["termination_details"]!["code"], Is.EqualTo(code), because);
        Assert.That((string?)task["state"]!["state_message"], Does.StartWith(message).Or.Contain(message), because);
    }

    private void Grant(string securable, string privilege) =>
        Server.SeedUnityCatalog(uc =>
        {
            var grants = uc.Grants.TryGetValue(securable, out var existing) ? existing : uc.Grants[securable] = new(StringComparer.Ordinal);
            (grants.TryGetValue(Server.Options.DatabricksUserName, out var set) ? set : grants[Server.Options.DatabricksUserName] = new(StringComparer.Ordinal)).Add(privilege);
        });

    private void SeedVnet(string vnet, string nat, bool containerHasEgress) =>
        Server.SeedArmResource(Resource(vnet, "Microsoft.Network/virtualNetworks", new JsonObject
        {
            ["subnets"] = new JsonArray(
                new JsonObject { ["name"] = "host", ["properties"] = new JsonObject { ["natGateway"] = new JsonObject { ["id"] = nat } } },
                new JsonObject { ["name"] = "container", ["properties"] = containerHasEgress ? new JsonObject { ["natGateway"] = new JsonObject { ["id"] = nat } } : new JsonObject() }),
        }));

    private static JsonObject Resource(string id, string type, JsonObject properties, JsonObject? identity = null)
    {
        var resource = new JsonObject { ["id"] = id, ["type"] = type, ["name"] = id[(id.LastIndexOf('/') + 1)..], ["properties"] = properties };
        if (identity is not null)
        {
            resource["identity"] = identity;
        }

        return resource;
    }

    private static JsonObject RoleAssignment(string scope, string principal, string role) => Resource(
        $"{scope}/providers/Microsoft.Authorization/roleAssignments/{Guid.NewGuid()}",
        "Microsoft.Authorization/roleAssignments",
        new JsonObject { ["principalId"] = principal, ["principalType"] = "ServicePrincipal", ["roleDefinitionId"] = "/providers/Microsoft.Authorization/roleDefinitions/" + role });

    private Task Notebook(string path, string source) =>
        Client.PostJsonAsync("api/2.0/workspace/import", new JsonObject { ["path"] = path, ["format"] = "SOURCE", ["language"] = "PYTHON", ["content"] = SandboxTesting.Base64(source), ["overwrite"] = true });

    private static JsonObject Step(string key, string notebook, string? dependsOn = null, string? runIf = null)
    {
        var task = new JsonObject { ["task_key"] = key, ["job_cluster_key"] = "etl", ["notebook_task"] = new JsonObject { ["notebook_path"] = notebook } };
        if (dependsOn is not null)
        {
            task["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = dependsOn });
        }

        if (runIf is not null)
        {
            task["run_if"] = runIf;
        }

        return task;
    }

    private Task<long> Job(params JsonObject[] tasks) => Job(tasks, null);

    private async Task<long> Job(JsonObject[] tasks, string? policyId)
    {
        var cluster = new JsonObject { ["spark_version"] = "15.4.x-scala2.12", ["node_type_id"] = "Standard_D4ds_v5", ["autoscale"] = new JsonObject { ["min_workers"] = 1, ["max_workers"] = 2 } };
        if (policyId is not null)
        {
            cluster["policy_id"] = policyId;
        }

        var created = await Client.PostJsonAsync("api/2.2/jobs/create", new JsonObject
        {
            ["name"] = SandboxTesting.Unique("runs"),
            ["job_clusters"] = new JsonArray(new JsonObject { ["job_cluster_key"] = "etl", ["new_cluster"] = cluster }),
            ["tasks"] = new JsonArray(tasks.Select(t => (JsonNode)t).ToArray()),
        });
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.OK), created.Body?.ToJsonString());
        return (long)created.Body!["job_id"]!;
    }

    private async Task<JsonNode> RunAsync(long job) =>
        await WaitAsync((long)(await Client.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = job })).Body!["run_id"]!);

    private async Task<JsonNode> WaitAsync(long runId)
    {
        for (var waited = 0; ; waited += 25)
        {
            var run = (await Client.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}")).Body!;
            if ((string?)run["state"]!["life_cycle_state"] == "TERMINATED" || waited > 10_000)
            {
                return run;
            }

            await Task.Delay(25);
        }
    }
}
