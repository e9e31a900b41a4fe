using System.Net;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Tests;

/// <summary>
/// The Unity Catalog endpoints over HTTPS, answering like the real service (docs/reference: unity-catalog-and-access.md
/// §9): metastore assignment, duplicates, isolation and bindings, non-empty deletes, system schemas, and storage
/// credentials and locations validated against the access connector's data role in the ARM state.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class UnityCatalogApiTests
{
    private const string Uc = "api/2.1/unity-catalog/";
    private const string Subscription = "5a4d0b0c-5c07-4b1d-9a11-000000000001";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private string _root = null!;
    private SandboxServer _server = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task Start()
    {
        _root = Repository.NewScratchDirectory("sandbox-unity-catalog");
        _server = await SandboxTesting.StartAsync(_root);
        _client = _server.Databricks();
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task The_metastore_is_assigned_automatically_until_an_account_admin_unassigns_it()
    {
        var assignment = await _client.GetJsonAsync(Uc + "current-metastore-assignment");
        Assert.That(assignment.Status, Is.EqualTo(HttpStatusCode.OK));
        var (workspace, metastore) = (assignment.Body!["workspace_id"]!.ToString(), assignment.Body!["metastore_id"]!.ToString());

        var unassign = await _client.SendJsonAsync(HttpMethod.Delete, $"{Uc}workspaces/{workspace}/metastore?metastore_id={metastore}");
        Assert.That(unassign.Status, Is.EqualTo(HttpStatusCode.OK));
        foreach (var path in new[] { "current-metastore-assignment", "catalogs", "storage-credentials" })
        {
            var refused = await _client.GetJsonAsync(Uc + path);
            Assert.That((refused.Status, refused.ErrorCode), Is.EqualTo((HttpStatusCode.NotFound, "METASTORE_DOES_NOT_EXIST")), path);
        }

        Assert.That((await _client.SendJsonAsync(HttpMethod.Put, $"{Uc}workspaces/{workspace}/metastore", new JsonObject { ["metastore_id"] = metastore })).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.GetJsonAsync(Uc + "catalogs")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Catalogs_ignore_isolation_on_create_hide_when_isolated_and_unbound_and_refuse_a_non_empty_delete()
    {
        var create = new JsonObject { ["name"] = "lake", ["storage_root"] = "abfss://gold@acct.dfs.core.windows.net/catalogs/lake", ["isolation_mode"] = "ISOLATED" };
        var created = await _client.PostJsonAsync(Uc + "catalogs", create);
        Assert.That((created.Body!["isolation_mode"]!.ToString(), created.Body!["owner"]!.ToString()), Is.EqualTo(("OPEN", new SandboxOptions().DatabricksUserName)), "isolation_mode is a PATCH field; the caller owns what it creates");
        var duplicate = await _client.PostJsonAsync(Uc + "catalogs", create.DeepClone());
        Assert.That((duplicate.Status, duplicate.ErrorCode), Is.EqualTo((HttpStatusCode.Conflict, "CATALOG_ALREADY_EXISTS")));

        Assert.That((await _client.SendJsonAsync(HttpMethod.Patch, Uc + "catalogs/lake", new JsonObject { ["isolation_mode"] = "ISOLATED" })).Status, Is.EqualTo(HttpStatusCode.OK));
        var hidden = await _client.GetJsonAsync(Uc + "catalogs/lake");
        Assert.That((hidden.Status, hidden.ErrorCode, (string?)hidden.Body!["message"]), Is.EqualTo((HttpStatusCode.Forbidden, "PERMISSION_DENIED", "Catalog 'lake' is not accessible in current workspace")));
        Assert.That((await _client.GetJsonAsync(Uc + "catalogs")).Body!["catalogs"]!.AsArray(), Is.Empty);

        var workspace = (await _client.GetJsonAsync(Uc + "current-metastore-assignment")).Body!["workspace_id"]!.GetValue<long>();
        var bound = await _client.SendJsonAsync(HttpMethod.Patch, Uc + "bindings/catalog/lake", new JsonObject { ["add"] = new JsonArray(new JsonObject { ["workspace_id"] = workspace }) });
        Assert.That(bound.Body!["bindings"]!.ToJsonString(), Is.EqualTo($"[{{\"workspace_id\":{workspace},\"binding_type\":\"BINDING_TYPE_READ_WRITE\"}}]"));
        Assert.That((await _client.GetJsonAsync(Uc + "catalogs/lake")).Body!["isolation_mode"]!.ToString(), Is.EqualTo("ISOLATED"));

        var schema = new JsonObject { ["name"] = "bronze", ["catalog_name"] = "lake", ["storage_root"] = "abfss://bronze@acct.dfs.core.windows.net/lake" };
        Assert.That((await _client.PostJsonAsync(Uc + "schemas", schema)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.PostJsonAsync(Uc + "schemas", schema.DeepClone())).ErrorCode, Is.EqualTo("SCHEMA_ALREADY_EXISTS"));
        Assert.That((await _client.GetJsonAsync(Uc + "schemas/lake.bronze")).Body!["storage_root"]!.ToString(), Is.EqualTo("abfss://bronze@acct.dfs.core.windows.net/lake"));

        var notEmpty = await _client.SendJsonAsync(HttpMethod.Delete, Uc + "catalogs/lake");
        Assert.That((notEmpty.Status, notEmpty.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "CATALOG_NOT_EMPTY")));
        Assert.That((await _client.SendJsonAsync(HttpMethod.Delete, Uc + "catalogs/lake?force=true")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _client.GetJsonAsync(Uc + "catalogs/lake")).ErrorCode, Is.EqualTo("CATALOG_DOES_NOT_EXIST"));
        Assert.That((await _client.GetJsonAsync(Uc + "schemas/lake.bronze")).ErrorCode, Is.EqualTo("CATALOG_DOES_NOT_EXIST"));
    }

    [Test]
    public async Task System_schemas_enable_once_and_billing_is_managed_by_databricks()
    {
        var metastore = (await _client.GetJsonAsync(Uc + "current-metastore-assignment")).Body!["metastore_id"]!.ToString();
        var path = $"{Uc}metastores/{metastore}/systemschemas";
        var states = (await _client.GetJsonAsync(path)).Body!["schemas"]!.AsArray().ToDictionary(s => s!["schema"]!.ToString(), s => s!["state"]!.ToString());
        Assert.That((states["access"], states["billing"]), Is.EqualTo(("AVAILABLE", "MANAGED")));

        Assert.That((await _client.SendJsonAsync(HttpMethod.Put, path + "/access", new JsonObject())).Status, Is.EqualTo(HttpStatusCode.OK));
        var again = await _client.SendJsonAsync(HttpMethod.Put, path + "/access", new JsonObject());
        Assert.That((again.Status, (string?)again.Body!["message"]), Is.EqualTo((HttpStatusCode.BadRequest, "Cannot create system schema: access system schema already exists.")));
        var billing = await _client.SendJsonAsync(HttpMethod.Put, path + "/billing", new JsonObject());
        Assert.That((string?)billing.Body!["message"], Does.Contain("can only be enabled by Databricks"));
        Assert.That((await _client.GetJsonAsync(path)).Body!["schemas"]!.AsArray().Single(s => s!["schema"]!.ToString() == "access")!["state"]!.ToString(), Is.EqualTo("ENABLE_COMPLETED"));
    }

    [Test]
    public async Task Storage_credentials_and_locations_need_the_connector_to_hold_the_data_role_on_the_account()
    {
        var group = "rg-uc-" + Guid.NewGuid().ToString("N")[..8];
        var (granted, ungranted) = await DeployConnectorsAsync(group, lake: "lakeacct");
        var missing = $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.Databricks/accessConnectors/nothing";

        var noConnector = await CreateCredentialAsync("cred_missing", missing);
        Assert.That((noConnector.Status, noConnector.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "PERMISSION_DENIED")), "PERMISSION_DENIED comes as an HTTP 400");
        var noRole = await CreateCredentialAsync("cred_norole", ungranted);
        Assert.That((noRole.Status, noRole.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "PERMISSION_DENIED")));
        Assert.That((string?)noRole.Body!["message"], Does.StartWith("Failed to get credentials: Storage Credential cred_norole is not configured correctly."));
        Assert.That((await CreateCredentialAsync("cred_skipped", ungranted, skipValidation: true)).Status, Is.EqualTo(HttpStatusCode.OK), "skip_validation creates ahead of RBAC");

        var credential = await CreateCredentialAsync("cred", granted);
        Assert.That((credential.Status, credential.Body!["azure_managed_identity"]!["access_connector_id"]!.ToString()), Is.EqualTo((HttpStatusCode.OK, granted)));
        Assert.That((await CreateCredentialAsync("cred", granted)).ErrorCode, Is.EqualTo("STORAGE_CREDENTIAL_ALREADY_EXISTS"));

        JsonObject Location(string name, string account, bool? fileEvents = false)
        {
            var body = new JsonObject { ["name"] = name, ["url"] = $"abfss://bronze@{account}.dfs.core.windows.net/", ["credential_name"] = "cred" };
            if (fileEvents is { } events)
            {
                body["enable_file_events"] = events;
            }

            return body;
        }

        var defaultEvents = await _client.PostJsonAsync(Uc + "external-locations", Location("bronze", "lakeacct", fileEvents: null));
        Assert.That(defaultEvents.ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"));
        Assert.That((string?)defaultEvents.Body!["message"], Does.Contain("file_event_queue"), "enable_file_events defaults to true");
        var otherAccount = await _client.PostJsonAsync(Uc + "external-locations", Location("elsewhere", "otheracct"));
        Assert.That((otherAccount.Status, otherAccount.ErrorCode), Is.EqualTo((HttpStatusCode.BadRequest, "PERMISSION_DENIED")), "the role is on lakeacct only");
        var created = await _client.PostJsonAsync(Uc + "external-locations", Location("bronze", "lakeacct"));
        Assert.That((created.Status, created.Body!["enable_file_events"]!.GetValue<bool>()), Is.EqualTo((HttpStatusCode.OK, false)));
        Assert.That((await _client.PostJsonAsync(Uc + "external-locations", Location("bronze", "lakeacct"))).ErrorCode, Is.EqualTo("EXTERNAL_LOCATION_ALREADY_EXISTS"));
        var overlapping = await _client.PostJsonAsync(Uc + "external-locations", Location("bronze2", "lakeacct"));
        Assert.That(overlapping.ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"));
    }

    private Task<Reply> CreateCredentialAsync(string name, string connector, bool skipValidation = false) =>
        _client.PostJsonAsync(Uc + "storage-credentials", new JsonObject
        {
            ["name"] = name,
            ["azure_managed_identity"] = new JsonObject { ["access_connector_id"] = connector },
            ["skip_validation"] = skipValidation,
        });

    /// <summary>Two access connectors; the first holds Storage Blob Data Contributor on <paramref name="lake"/> (as phase 1 grants it).</summary>
    private async Task<(string Granted, string Ungranted)> DeployConnectorsAsync(string group, string lake)
    {
        using var arm = _server.Arm();
        const string api = "api-version=2025-04-01";
        var groupPath = $"subscriptions/{Subscription}/resourcegroups/{group}";
        Assert.That((await arm.SendJsonAsync(HttpMethod.Put, $"{groupPath}?{api}", new JsonObject { ["location"] = "eastus2" })).Status, Is.EqualTo(HttpStatusCode.Created));
        var template = JsonNode.Parse($$"""
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "resources": [
                { "type": "Microsoft.Databricks/accessConnectors", "apiVersion": "2026-01-01", "name": "granted", "location": "eastus2", "identity": { "type": "SystemAssigned" }, "properties": {} },
                { "type": "Microsoft.Databricks/accessConnectors", "apiVersion": "2026-01-01", "name": "ungranted", "location": "eastus2", "identity": { "type": "SystemAssigned" }, "properties": {} },
                {
                  "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01",
                  "scope": "[format('Microsoft.Storage/storageAccounts/{0}', '{{lake}}')]",
                  "name": "[guid(resourceId('Microsoft.Databricks/accessConnectors', 'granted'), '{{BlobDataContributor}}')]",
                  "properties": {
                    "principalId": "[reference(resourceId('Microsoft.Databricks/accessConnectors', 'granted'), '2026-01-01', 'full').identity.principalId]",
                    "principalType": "ServicePrincipal",
                    "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{{BlobDataContributor}}')]"
                  },
                  "dependsOn": [ "[resourceId('Microsoft.Databricks/accessConnectors', 'granted')]" ]
                }
              ]
            }
            """)!.AsObject();
        var deployment = $"{groupPath}/providers/Microsoft.Resources/deployments/connectors";
        var put = await arm.SendJsonAsync(HttpMethod.Put, $"{deployment}?{api}", new JsonObject { ["properties"] = new JsonObject { ["mode"] = "Incremental", ["template"] = template } });
        Assert.That(put.Status, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.OK), put.Body?.ToJsonString());
        for (var i = 0; i < 300; i++)
        {
            var state = (string?)(await arm.GetJsonAsync($"{deployment}?{api}")).Body!["properties"]!["provisioningState"];
            if (state is "Succeeded" or "Failed")
            {
                Assert.That(state, Is.EqualTo("Succeeded"));
                break;
            }

            await Task.Delay(50);
        }

        var connectors = $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.Databricks/accessConnectors/";
        return (connectors + "granted", connectors + "ungranted");
    }
}
