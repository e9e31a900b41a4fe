using System.Net;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Tests;

/// <summary>Deployment modes, validation, the resource-group endpoints and the error codes ARM answers with.</summary>
public sealed partial class ArmApiTests
{
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
