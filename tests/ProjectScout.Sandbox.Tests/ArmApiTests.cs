using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Bicep;

namespace ProjectScout.Sandbox.Tests;

/// <summary>
/// The ARM half over real HTTPS: a small Bicep template compiled with the real CLI, deployed through the
/// long-running-operation endpoints, materialises what <c>bicep snapshot</c> predicts; what-if then reports NoChange.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class ArmApiTests
{
    private const string Subscription = "5a4d0b0c-5c07-4b1d-9a11-000000000001";
    private const string Location = "eastus2";
    private const string Api = "api-version=2025-04-01";
    private const string Tenant = "5a4d0b0c-5c07-4b1d-9a11-0000000000aa";

    private const string MainBicep = """
        param storageName string
        param environment string
        param retentionDays int = 7
        param location string = resourceGroup().location

        resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
          name: storageName
          location: location
          tags: { environment: environment }
          sku: { name: 'Standard_LRS' }
          kind: 'StorageV2'
          properties: {
            minimumTlsVersion: 'TLS1_2'
            isHnsEnabled: true
          }
        }

        module vault 'vault.bicep' = {
          name: 'vault'
          params: { vaultName: 'kv-${storageName}', retentionDays: retentionDays }
        }

        output storageId string = storage.id
        output blobEndpoint string = storage.properties.primaryEndpoints.blob
        output vaultName string = vault.outputs.name
        """;

    private const string VaultBicep = """
        param vaultName string
        param retentionDays int

        resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
          name: vaultName
          location: resourceGroup().location
          properties: {
            tenantId: subscription().tenantId
            sku: { family: 'A', name: 'standard' }
            enableRbacAuthorization: true
            softDeleteRetentionInDays: retentionDays
          }
        }

        output name string = vault.name
        """;

    private string _root = null!;
    private SandboxServer _server = null!;
    private HttpClient _arm = null!;
    private JsonObject _template = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _root = Repository.NewScratchDirectory("sandbox-arm");
        _server = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = Path.Combine(_root, "state"), OperationRetryAfterSeconds = 0, TenantId = Tenant, TemplateEvaluator = new BicepTemplateEvaluator() });
        _arm = _server.Arm();
        await File.WriteAllTextAsync(Path.Combine(_root, "main.bicep"), MainBicep);
        await File.WriteAllTextAsync(Path.Combine(_root, "vault.bicep"), VaultBicep);
        await Bicep("build", "main.bicep", "--outfile", "main.json");
        _template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "main.json")))!.AsObject();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _arm.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<string> Bicep(params string[] arguments)
    {
        var start = new ProcessStartInfo(BicepCli.Path) { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"bicep {string.Join(' ', arguments)}: {output}");
        return output;
    }

    /// <summary>What the real <c>bicep snapshot</c> CLI predicts for these parameters in this resource group.</summary>
    private async Task<JsonObject> SnapshotAsync(string name, string resourceGroup, string deployment, string parameters)
    {
        await File.WriteAllTextAsync(Path.Combine(_root, name + ".bicepparam"), "using 'main.bicep'\n" + parameters);
        await Bicep("snapshot", name + ".bicepparam", "--mode", "overwrite", "--subscription-id", Subscription, "--resource-group", resourceGroup, "--location", Location, "--deployment-name", deployment, "--tenant-id", Tenant);
        return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_root, name + ".snapshot.json")))!.AsObject();
    }

    private static string GroupPath(string resourceGroup) => $"subscriptions/{Subscription}/resourcegroups/{resourceGroup}";

    private static string DeploymentPath(string resourceGroup, string deployment) => $"{GroupPath(resourceGroup)}/providers/Microsoft.Resources/deployments/{deployment}";

    private JsonObject DeploymentBody(JsonObject parameters, string mode = "Incremental") => new()
    {
        ["properties"] = new JsonObject { ["mode"] = mode, ["template"] = _template.DeepClone(), ["parameters"] = parameters.DeepClone() },
    };

    private static JsonObject Parameters(string storageName, string environment) => new()
    {
        ["storageName"] = new JsonObject { ["value"] = storageName },
        ["environment"] = new JsonObject { ["value"] = environment },
    };

    private async Task<string> NewGroupAsync()
    {
        var group = SandboxTesting.Unique("rg-arm");
        var created = await _arm.SendJsonAsync(HttpMethod.Put, $"{GroupPath(group)}?{Api}", new JsonObject { ["location"] = Location, ["tags"] = new JsonObject { ["owner"] = "tests" } });
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created));
        return group;
    }

    private async Task<Reply> DeployAsync(string group, string deployment, JsonObject body)
    {
        var put = await _arm.SendJsonAsync(HttpMethod.Put, $"{DeploymentPath(group, deployment)}?{Api}", body);
        Assert.That(put.Status, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.OK), put.Body?.ToJsonString());
        var statusUrl = put.Headers.GetValues("Azure-AsyncOperation").Single();
        Assert.That(put.Headers.Location, Is.Not.Null);
        var states = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            var status = await _arm.GetJsonAsync(statusUrl);
            states.Add((string)status.Body!["status"]!);
            if (states[^1] != "Running")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.That(states[0], Is.EqualTo("Running"), "the operation reports Running before its result");
        Assert.That(states[^1], Is.Not.EqualTo("Running"));
        return await _arm.GetJsonAsync($"{DeploymentPath(group, deployment)}?{Api}");
    }

    private async Task<JsonArray> WhatIfAsync(string group, JsonObject body)
    {
        var started = await _arm.PostJsonAsync($"{DeploymentPath(group, "whatif")}/whatIf?{Api}", body);
        Assert.That(started.Status, Is.EqualTo(HttpStatusCode.Accepted));
        var location = started.Headers.Location!;
        for (var i = 0; i < 600; i++)
        {
            var poll = await _arm.GetJsonAsync(location.ToString());
            if (poll.Status == HttpStatusCode.OK)
            {
                Assert.That((string?)poll.Body!["status"], Is.EqualTo("Succeeded"), poll.Body.ToJsonString());
                return poll.Body!["properties"]!["changes"]!.AsArray();
            }

            Assert.That(poll.Status, Is.EqualTo(HttpStatusCode.Accepted));
            await Task.Delay(100);
        }

        throw new AssertionException("what-if did not finish");
    }

    [Test]
    public async Task A_deployed_template_materialises_what_bicep_snapshot_predicts_and_what_if_then_reports_NoChange()
    {
        var group = await NewGroupAsync();
        var storage = "st" + Guid.NewGuid().ToString("N")[..10];
        var snapshot = await SnapshotAsync("deploy", group, "phase1", $"param storageName = '{storage}'\nparam environment = 'sbx'\n");
        var predicted = snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.That(predicted, Has.Count.EqualTo(2), "storage account + key vault from the module");

        var deployment = await DeployAsync(group, "phase1", DeploymentBody(Parameters(storage, "sbx")));
        var properties = deployment.Body!["properties"]!;
        Assert.That((string?)properties["provisioningState"], Is.EqualTo("Succeeded"), deployment.Body.ToJsonString());
        Assert.That((string?)properties["outputs"]!["storageId"]!["value"], Is.EqualTo((string?)snapshot["outputs"]!["storageId"]));
        Assert.That((string?)properties["outputs"]!["vaultName"]!["value"], Is.EqualTo("kv-" + storage));
        Assert.That((string?)properties["outputs"]!["blobEndpoint"]!["value"], Is.EqualTo($"https://{storage}.blob.core.windows.net/"), "a runtime reference() output is resolved");

        foreach (var expected in predicted)
        {
            var id = (string)expected["id"]!;
            var actual = await _arm.GetJsonAsync($"{id.TrimStart('/')}?{Api}");
            Assert.That(actual.Status, Is.EqualTo(HttpStatusCode.OK), id);
            foreach (var member in new[] { "id", "name", "type", "location", "tags", "sku", "kind" })
            {
                Assert.That(JsonNode.DeepEquals(actual.Body![member], expected[member]), $"{id}: {member} is {actual.Body![member]?.ToJsonString()}, snapshot says {expected[member]?.ToJsonString()}");
            }

            foreach (var (name, value) in expected["properties"]!.AsObject())
            {
                Assert.That(JsonNode.DeepEquals(actual.Body!["properties"]![name], value), $"{id}: properties.{name}");
            }

            Assert.That((string?)actual.Body!["properties"]!["provisioningState"], Is.EqualTo("Succeeded"));
        }

        var vault = await _arm.GetJsonAsync($"{GroupPath(group)}/providers/Microsoft.KeyVault/vaults/kv-{storage}?{Api}");
        Assert.That((string?)vault.Body!["properties"]!["tenantId"], Is.EqualTo(Tenant), "subscription().tenantId evaluates to the configured tenant");

        var changes = await WhatIfAsync(group, DeploymentBody(Parameters(storage, "sbx")));
        Assert.That(changes.Select(c => (string?)c!["changeType"]), Is.EqualTo(new[] { "NoChange", "NoChange" }));
        Assert.That(changes.Select(c => (string?)c!["resourceId"]), Is.EquivalentTo(predicted.Select(p => (string?)p["id"])));

        var modified = await WhatIfAsync(group, DeploymentBody(Parameters(storage, "prod")));
        var storageChange = modified.Single(c => ((string)c!["resourceId"]!).EndsWith("/" + storage, StringComparison.Ordinal))!;
        Assert.That((string?)storageChange["changeType"], Is.EqualTo("Modify"));
        var delta = storageChange["delta"]!.AsArray().Single()!;
        Assert.That(((string?)delta["path"], (string?)delta["propertyChangeType"], (string?)delta["before"], (string?)delta["after"]),
            Is.EqualTo(("tags.environment", "Modify", "sbx", "prod")));
    }

    [Test]
    public async Task A_property_that_reads_another_resource_at_run_time_is_resolved_and_what_if_stays_NoChange()
    {
        var group = await NewGroupAsync();
        var storage = "st" + Guid.NewGuid().ToString("N")[..10];
        await DeployAsync(group, "storage", DeploymentBody(Parameters(storage, "sbx")));
        var template = JsonNode.Parse("""
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "parameters": { "storage": { "type": "string" } },
              "resources": [
                {
                  "type": "Microsoft.Insights/components", "apiVersion": "2020-02-02", "name": "[format('appi-{0}', parameters('storage'))]",
                  "location": "[resourceGroup().location]", "kind": "web",
                  "properties": {
                    "Application_Type": "web",
                    "IngestionMode": "[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('storage')), '2023-05-01').primaryEndpoints.dfs]"
                  }
                }
              ]
            }
            """)!.AsObject();
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["mode"] = "Incremental",
                ["template"] = template,
                ["parameters"] = new JsonObject { ["storage"] = new JsonObject { ["value"] = storage } },
            },
        };
        var deployed = await DeployAsync(group, "reader", (JsonObject)body.DeepClone());
        Assert.That((string?)deployed.Body!["properties"]!["provisioningState"], Is.EqualTo("Succeeded"), deployed.Body.ToJsonString());
        var component = await _arm.GetJsonAsync($"{GroupPath(group)}/providers/Microsoft.Insights/components/appi-{storage}?{Api}");
        Assert.That((string?)component.Body!["properties"]!["IngestionMode"], Is.EqualTo($"https://{storage}.dfs.core.windows.net/"));

        var changes = await WhatIfAsync(group, body);
        Assert.That(changes.Single(c => ((string)c!["resourceId"]!).EndsWith("appi-" + storage, StringComparison.Ordinal))!["changeType"]!.GetValue<string>(), Is.EqualTo("NoChange"));
    }

    [Test]
    public async Task A_role_assignment_to_an_access_connector_identity_holds_the_connectors_principal_id()
    {
        var group = await NewGroupAsync();
        var connector = "ac-" + Guid.NewGuid().ToString("N")[..10];
        // As Bicep compiles a role assignment for a resource's system-assigned identity: reference(id, api, 'full').identity.principalId.
        var template = JsonNode.Parse("""
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "parameters": { "connector": { "type": "string" } },
              "resources": [
                {
                  "type": "Microsoft.Databricks/accessConnectors", "apiVersion": "2026-01-01", "name": "[parameters('connector')]",
                  "location": "[resourceGroup().location]", "identity": { "type": "SystemAssigned" }, "properties": {}
                },
                {
                  "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01",
                  "name": "[guid(resourceId('Microsoft.Databricks/accessConnectors', parameters('connector')), 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')]",
                  "properties": {
                    "principalId": "[reference(resourceId('Microsoft.Databricks/accessConnectors', parameters('connector')), '2026-01-01', 'full').identity.principalId]",
                    "principalType": "ServicePrincipal",
                    "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')]"
                  },
                  "dependsOn": [ "[resourceId('Microsoft.Databricks/accessConnectors', parameters('connector'))]" ]
                }
              ]
            }
            """)!.AsObject();
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["mode"] = "Incremental",
                ["template"] = template,
                ["parameters"] = new JsonObject { ["connector"] = new JsonObject { ["value"] = connector } },
            },
        };
        var deployed = await DeployAsync(group, "connector", (JsonObject)body.DeepClone());
        Assert.That((string?)deployed.Body!["properties"]!["provisioningState"], Is.EqualTo("Succeeded"), deployed.Body.ToJsonString());

        var served = await _arm.GetJsonAsync($"{GroupPath(group)}/providers/Microsoft.Databricks/accessConnectors/{connector}?{Api}");
        var principal = (string?)served.Body!["identity"]!["principalId"];
        Assert.That(Guid.TryParse(principal, out _), "the connector serves its system-assigned identity's principal id");
        var changes = await WhatIfAsync(group, body);
        var assignmentId = (string)changes.Single(c => ((string)c!["resourceId"]!).Contains("/roleAssignments/", StringComparison.Ordinal))!["resourceId"]!;
        var assignment = await _arm.GetJsonAsync($"{assignmentId.TrimStart('/')}?{Api}");
        Assert.That((string?)assignment.Body!["properties"]!["principalId"], Is.EqualTo(principal), "the assignment names the identity, not the reference() expression");
        Assert.That(changes.Select(c => (string?)c!["changeType"]), Is.All.EqualTo("NoChange"));
    }

    [Test]
    public async Task Incremental_keeps_unmentioned_resources_and_complete_mode_deletes_them()
    {
        var group = await NewGroupAsync();
        var first = "st" + Guid.NewGuid().ToString("N")[..10];
        var second = "st" + Guid.NewGuid().ToString("N")[..10];
        Assert.That((string?)(await DeployAsync(group, "one", DeploymentBody(Parameters(first, "sbx")))).Body!["properties"]!["provisioningState"], Is.EqualTo("Succeeded"));
        Assert.That((string?)(await DeployAsync(group, "two", DeploymentBody(Parameters(second, "sbx")))).Body!["properties"]!["provisioningState"], Is.EqualTo("Succeeded"));
        var firstId = $"{GroupPath(group)}/providers/Microsoft.Storage/storageAccounts/{first}";
        Assert.That((await _arm.GetJsonAsync($"{firstId}?{Api}")).Status, Is.EqualTo(HttpStatusCode.OK), "incremental mode kept the first storage account");

        var whatIf = await WhatIfAsync(group, DeploymentBody(Parameters(second, "sbx"), "Complete"));
        Assert.That(whatIf.Where(c => (string?)c!["changeType"] == "Delete").Select(c => ((string)c!["resourceId"]!).Split('/')[^1]), Is.EquivalentTo(new[] { first, "kv-" + first }));
        var incremental = await WhatIfAsync(group, DeploymentBody(Parameters(second, "sbx")));
        Assert.That(incremental.Count(c => (string?)c!["changeType"] == "Ignore"), Is.EqualTo(2));

        await DeployAsync(group, "three", DeploymentBody(Parameters(second, "sbx"), "Complete"));
        var gone = await _arm.GetJsonAsync($"{firstId}?{Api}");
        Assert.That((gone.Status, gone.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "ResourceNotFound")));
    }

    [Test]
    public async Task Validate_accepts_a_good_deployment_and_reports_a_missing_parameter_as_InvalidTemplate()
    {
        var group = await NewGroupAsync();
        var good = await _arm.PostJsonAsync($"{DeploymentPath(group, "check")}/validate?{Api}", DeploymentBody(Parameters("stvalidate01", "sbx")));
        Assert.That(good.Status, Is.EqualTo(HttpStatusCode.OK), good.Body?.ToJsonString());
        Assert.That(good.Body!["properties"]!["validatedResources"]!.AsArray(), Has.Count.EqualTo(2));

        var parameters = Parameters("stvalidate01", "sbx");
        parameters.Remove("environment");
        var bad = await _arm.PostJsonAsync($"{DeploymentPath(group, "check")}/validate?{Api}", DeploymentBody(parameters));
        Assert.That((bad.Status, bad.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "InvalidTemplate")));
        Assert.That((string?)bad.Body!["error"]!["message"], Does.Contain("environment"));

        var failed = await DeployAsync(group, "broken", DeploymentBody(parameters));
        Assert.That((string?)failed.Body!["properties"]!["provisioningState"], Is.EqualTo("Failed"));
        Assert.That((string?)failed.Body!["properties"]!["error"]!["code"], Is.EqualTo("InvalidTemplate"));
    }

    [Test]
    public async Task Resource_groups_are_created_updated_patched_and_missing_ones_are_ResourceGroupNotFound()
    {
        var group = await NewGroupAsync();
        var again = await _arm.SendJsonAsync(HttpMethod.Put, $"{GroupPath(group)}?{Api}", new JsonObject { ["location"] = Location, ["tags"] = new JsonObject { ["phase1"] = "done" } });
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.OK));
        var patched = await _arm.SendJsonAsync(HttpMethod.Patch, $"{GroupPath(group)}?{Api}", new JsonObject { ["tags"] = new JsonObject { ["phase1"] = "done", ["lock"] = "run-42" } });
        Assert.That((string?)patched.Body!["tags"]!["lock"], Is.EqualTo("run-42"));
        var merged = await _arm.SendJsonAsync(HttpMethod.Patch, $"{GroupPath(group)}/providers/Microsoft.Resources/tags/default?{Api}",
            new JsonObject { ["operation"] = "Merge", ["properties"] = new JsonObject { ["tags"] = new JsonObject { ["phase2"] = "done" } } });
        Assert.That(merged.Body!["properties"]!["tags"]!.AsObject().Select(t => t.Key), Is.EqualTo(new[] { "lock", "phase1", "phase2" }));
        var fetched = await _arm.GetJsonAsync($"{GroupPath(group)}?{Api}");
        Assert.That(((string?)fetched.Body!["id"], (string?)fetched.Body!["properties"]!["provisioningState"]), Is.EqualTo(($"/subscriptions/{Subscription}/resourceGroups/{group}", "Succeeded")));
        var moved = await _arm.SendJsonAsync(HttpMethod.Put, $"{GroupPath(group)}?{Api}", new JsonObject { ["location"] = "westeurope" });
        Assert.That(moved.ErrorCode, Is.EqualTo("InvalidResourceGroupLocation"));

        var missing = await _arm.GetJsonAsync($"{GroupPath("rg-missing")}?{Api}");
        Assert.That((missing.Status, missing.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "ResourceGroupNotFound")));
        var noDeployment = await _arm.GetJsonAsync($"{DeploymentPath(group, "never")}?{Api}");
        Assert.That((noDeployment.Status, noDeployment.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "DeploymentNotFound")));
        var noVersion = await _arm.GetJsonAsync(GroupPath(group));
        Assert.That((noVersion.Status, noVersion.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "MissingApiVersionParameter")));

        using var anonymous = new HttpClient(ProjectScout.Sandbox.Hosting.SandboxCertificate.CreatePinnedHandler(_server.Certificate)) { BaseAddress = _server.ArmEndpoint };
        var unauthorized = await anonymous.GetJsonAsync($"{GroupPath(group)}?{Api}");
        Assert.That((unauthorized.Status, unauthorized.ErrorCode), Is.EqualTo((HttpStatusCode.Unauthorized, "AuthenticationFailed")));
    }

    [Test]
    public async Task A_parameter_outside_allowedValues_is_refused_at_PUT_and_ids_with_a_leading_double_slash_resolve()
    {
        var group = await NewGroupAsync();
        var template = JsonNode.Parse("""
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "parameters": { "sku": { "type": "string", "allowedValues": ["Standard_LRS", "Standard_ZRS"] } },
              "resources": []
            }
            """)!.AsObject();
        var body = new JsonObject { ["properties"] = new JsonObject { ["mode"] = "Incremental", ["template"] = template, ["parameters"] = new JsonObject { ["sku"] = new JsonObject { ["value"] = "Premium_LRS" } } } };
        var refused = await _arm.SendJsonAsync(HttpMethod.Put, $"{DeploymentPath(group, "allowed")}?{Api}", body);
        Assert.That((refused.Status, refused.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "InvalidTemplate")), refused.Body?.ToJsonString());
        Assert.That((string?)refused.Body!["error"]!["message"], Does.Contain("template parameter 'sku' is not valid").And.Contain("not part of the allowed value(s)"));
        Assert.That((await _arm.GetJsonAsync($"{DeploymentPath(group, "allowed")}?{Api}")).Status, Is.EqualTo(HttpStatusCode.NotFound), "no deployment is recorded");

        var doubled = await _arm.GetJsonAsync($"{_server.ArmEndpoint}/{GroupPath(group)}?{Api}");
        Assert.That(doubled.Status, Is.EqualTo(HttpStatusCode.OK), "//subscriptions/… resolves like /subscriptions/…");
        Assert.That((string?)doubled.Body!["name"], Is.EqualTo(group));
    }
}
