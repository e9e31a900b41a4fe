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
public sealed partial class ArmApiTests
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
}
