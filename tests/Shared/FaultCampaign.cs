using System.Text.Json.Nodes;
using System.Text;
using Azure.Core.Pipeline;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Databricks;

namespace ProjectScout.Tests;

/// <summary>
/// The fault campaign's shared parts: one sandbox per fixture over real HTTPS (operations answer at once, deployments
/// stay Running a moment as Azure's do), clients with short delays, and a small hand-written ARM template.
/// </summary>
internal static class FaultCampaign
{
    public const string Subscription = "5a4d0b0c-5c07-4b1d-9a11-00000000fa17";
    public const string Location = "eastus2";
    public const string Account = "aa-faults";
    public const string Runbook = "RotateKeys";

    public static Task<SandboxServer> StartAsync(string root) => SandboxServer.StartAsync(new SandboxOptions
    {
        StateDirectory = Path.Combine(root, "state"),
        OperationRetryAfterSeconds = 0,
        DeploymentDuration = TimeSpan.FromMilliseconds(300),
        TemplateEvaluator = new BicepTemplateEvaluator(),
    });

    public static ArmClient Arm(SandboxServer server)
    {
        var options = new ArmClientOptions
        {
            DefaultPollInterval = TimeSpan.FromMilliseconds(100),
            Transport = new HttpClientTransport(new HttpClient(PinnedCertificate.Handler(server.Certificate))),
        };
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        return new ArmClient(server.ArmEndpoint, new StaticTokenCredential("fault-campaign"), options);
    }

    public static async Task<ResourceGroupScope> GroupAsync(ArmClient arm, string name)
    {
        var scope = new ResourceGroupScope(Subscription, name);
        await arm.PutResourceGroupAsync(scope, Location, new Dictionary<string, string>());
        return scope;
    }

    /// <summary>A storage account (tagged) and an automation account with one runbook; outputs the account's id.</summary>
    public static JsonObject Template() => JsonNode.Parse($$"""
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "storageName": { "type": "string" }, "environment": { "type": "string" } },
          "resources": [
            { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-05-01", "name": "[parameters('storageName')]",
              "location": "[resourceGroup().location]", "tags": { "environment": "[parameters('environment')]" },
              "sku": { "name": "Standard_LRS" }, "kind": "StorageV2",
              "properties": { "minimumTlsVersion": "TLS1_2", "networkAcls": { "defaultAction": "Deny", "ipRules": [ { "value": "10.0.0.0/24", "action": "Allow" }, { "value": "10.1.0.0/24", "action": "Allow" } ] } } },
            { "type": "Microsoft.Automation/automationAccounts", "apiVersion": "2023-11-01", "name": "{{Account}}",
              "location": "[resourceGroup().location]", "properties": { "sku": { "name": "Basic" } } },
            { "type": "Microsoft.Automation/automationAccounts/runbooks", "apiVersion": "2023-11-01", "name": "{{Account}}/{{Runbook}}",
              "location": "[resourceGroup().location]", "dependsOn": [ "[resourceId('Microsoft.Automation/automationAccounts', '{{Account}}')]" ],
              "properties": { "runbookType": "PowerShell72" } }
          ],
          "outputs": {
            "automationAccountResourceId": { "type": "string", "value": "[resourceId('Microsoft.Automation/automationAccounts', '{{Account}}')]" }
          }
        }
        """)!.AsObject();

    public static JsonObject Parameters(string storageName, string environment = "faults") => new()
    {
        ["storageName"] = new JsonObject { ["value"] = storageName },
        ["environment"] = new JsonObject { ["value"] = environment },
    };

    public static JsonObject DeploymentBody(JsonObject parameters) => new()
    {
        ["properties"] = new JsonObject { ["mode"] = "Incremental", ["template"] = Template(), ["parameters"] = parameters },
    };

    public static string DeploymentUrl(ResourceGroupScope scope, string name) =>
        $"{scope.Path.TrimStart('/')}/providers/Microsoft.Resources/deployments/{name}?api-version={ArmClient.ResourcesApiVersion}";

    public static string StorageId(ResourceGroupScope scope, string name) => $"{scope.Path}/providers/Microsoft.Storage/storageAccounts/{name}";

    public static string AccountId(ResourceGroupScope scope) => $"{scope.Path}/providers/Microsoft.Automation/automationAccounts/{Account}";

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
