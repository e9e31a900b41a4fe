using System.Net;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Tests;

/// <summary>What a deployment materialises: the resources <c>bicep snapshot</c> predicts, properties read from other resources at run time, identities.</summary>
public sealed partial class ArmApiTests
{
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
}
