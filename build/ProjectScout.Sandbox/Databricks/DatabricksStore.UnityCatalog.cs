using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Azure;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Databricks;

// Unity Catalog as the real service answers (docs/reference: unity-catalog-and-access.md §2, §9): the metastore
// assignment, storage credentials validated against the access connector's data role in the ARM state, and external
// locations (DatabricksStore.UnityCatalogLocations.cs). Catalogs, schemas, bindings and system schemas are in
// DatabricksStore.UnityCatalogObjects.cs.
internal sealed partial class DatabricksStore
{
    private const string WorkspaceType = "Microsoft.Databricks/workspaces";
    private const string AccessConnectorType = "Microsoft.Databricks/accessConnectors";
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    /// <summary>The workspace id served when no workspace is deployed in the ARM state (client tests against a bare sandbox).</summary>
    public const string StandaloneWorkspaceId = "1000000000000001";

    private UnityCatalogState Uc => _state.UnityCatalog;

    // ---------------------------------------------------------------- metastore assignment

    /// <summary>The workspace this server is: the deployed one's numeric id as ARM serves it, else <see cref="StandaloneWorkspaceId"/>.</summary>
    public string CurrentWorkspaceId() =>
        _azure.OfType(WorkspaceType).Select(w => (string?)w["properties"]?["workspaceId"]).FirstOrDefault(id => !string.IsNullOrEmpty(id)) ?? StandaloneWorkspaceId;

    /// <summary>The workspace the metastore is assigned to, after the automatic assignment of a new workspace; null when unassigned.</summary>
    public string? MetastoreWorkspaceId()
    {
        if (Uc.AssignedWorkspaceId is null && Uc.AutomaticAssignment)
        {
            Uc.AssignedWorkspaceId = CurrentWorkspaceId();
        }

        return Uc.AssignedWorkspaceId;
    }

    public JsonObject CurrentMetastoreAssignment() => Read(() =>
    {
        var workspace = RequireMetastore();
        return new JsonObject
        {
            ["workspace_id"] = long.Parse(workspace, CultureInfo.InvariantCulture),
            ["metastore_id"] = Uc.MetastoreId,
            ["default_catalog_name"] = "main",
        };
    });

    public JsonObject MetastoreSummary() => Read(() =>
    {
        RequireMetastore();
        return new JsonObject
        {
            ["metastore_id"] = Uc.MetastoreId,
            ["name"] = "metastore_azure_sandbox",
            ["region"] = "sandbox",
            ["cloud"] = "azure",
            ["owner"] = "account users",
            ["privilege_model_version"] = "1.0",
        };
    });

    /// <summary>The account admin's assignment (PUT …/workspaces/{id}/metastore): overwrites any existing one.</summary>
    public JsonObject AssignMetastore(string workspaceId, JsonObject body) => Write(() =>
    {
        var metastore = (string?)body["metastore_id"] ?? throw Invalid("Missing required field: metastore_id");
        if (metastore != Uc.MetastoreId)
        {
            throw new SandboxApiException(404, "METASTORE_DOES_NOT_EXIST", $"Metastore '{metastore}' does not exist.");
        }

        Uc.AssignedWorkspaceId = workspaceId;
        return new JsonObject();
    });

    public JsonObject UnassignMetastore(string workspaceId, string? metastoreId) => Write(() =>
    {
        if (metastoreId != Uc.MetastoreId || MetastoreWorkspaceId() != workspaceId)
        {
            throw new SandboxApiException(404, "METASTORE_DOES_NOT_EXIST", $"Workspace {workspaceId} is not assigned to metastore '{metastoreId}'.");
        }

        Uc.AssignedWorkspaceId = null;
        Uc.AutomaticAssignment = false;
        return new JsonObject();
    });

    /// <summary>Every Unity Catalog call needs this workspace assigned: else 404 METASTORE_DOES_NOT_EXIST.</summary>
    private string RequireMetastore()
    {
        var current = CurrentWorkspaceId();
        return MetastoreWorkspaceId() == current
            ? current
            : throw new SandboxApiException(404, "METASTORE_DOES_NOT_EXIST", "No metastore assigned for the current workspace.");
    }

    // ---------------------------------------------------------------- storage credentials

    public JsonObject CreateStorageCredential(JsonObject body) => Write(() =>
    {
        RequireMetastore();
        var name = RequiredName(body);
        if (Uc.StorageCredentials.ContainsKey(name))
        {
            throw new SandboxApiException(409, "STORAGE_CREDENTIAL_ALREADY_EXISTS", $"Storage Credential '{name}' already exists");
        }

        var connector = (string?)body["azure_managed_identity"]?["access_connector_id"]
            ?? throw Invalid("Exactly one of azure_managed_identity, azure_service_principal, aws_iam_role, … must be specified.");
        if (!Flag(body, "skip_validation"))
        {
            ValidateConnector(name, connector, storageAccount: null);
        }

        var record = new StorageCredentialRecord { Name = name, AccessConnectorId = connector, Owner = User, CreatedAt = Now, UpdatedAt = Now };
        ApplyStorageAccess(record, body);
        Uc.StorageCredentials[name] = record;
        return DescribeCredential(record);
    });

    public JsonObject GetStorageCredential(string name) => Read(() =>
    {
        RequireMetastore();
        return DescribeCredential(FindCredential(name));
    });

    public JsonObject ListStorageCredentials((string? MaxResults, string? PageToken) page) => Read(() =>
    {
        RequireMetastore();
        return Paged("storage_credentials", Uc.StorageCredentials.Values.Select(DescribeCredential), page);
    });

    public JsonObject UpdateStorageCredential(string name, JsonObject body) => Write(() =>
    {
        RequireMetastore();
        var record = FindCredential(name);
        if ((string?)body["azure_managed_identity"]?["access_connector_id"] is { } connector)
        {
            if (!Flag(body, "skip_validation"))
            {
                ValidateConnector(name, connector, storageAccount: null);
            }

            record.AccessConnectorId = connector;
        }

        ApplyStorageAccess(record, body);
        record.UpdatedAt = Now;
        return DescribeCredential(record);
    });

    public JsonObject DeleteStorageCredential(string name, bool force) => Write(() =>
    {
        RequireMetastore();
        FindCredential(name);
        if (!force && Uc.ExternalLocations.Values.FirstOrDefault(l => l.CredentialName == name) is { } used)
        {
            throw Invalid($"Storage credential '{name}' cannot be deleted because it is configured in this metastore's external location '{used.Name}'.");
        }

        Uc.StorageCredentials.Remove(name);
        Uc.Grants.Remove("storage_credential:" + name);
        return new JsonObject();
    });

    private StorageCredentialRecord FindCredential(string name) => Uc.StorageCredentials.TryGetValue(name, out var record)
        ? record
        : throw new SandboxApiException(404, "STORAGE_CREDENTIAL_DOES_NOT_EXIST", $"Storage Credential '{name}' does not exist.");

    /// <summary>The fields a credential and a location share on create and PATCH: comment, read_only, owner.</summary>
    private static void ApplyStorageAccess(IStorageAccessRecord record, JsonObject body)
    {
        if (body.ContainsKey("comment"))
        {
            record.Comment = (string?)body["comment"];
        }

        if (body.ContainsKey("read_only"))
        {
            record.ReadOnly = Flag(body, "read_only");
        }

        if ((string?)body["owner"] is { Length: > 0 } owner)
        {
            record.Owner = owner;
        }
    }

    private JsonObject DescribeCredential(StorageCredentialRecord r) => new()
    {
        ["name"] = r.Name,
        ["full_name"] = r.Name,
        ["id"] = StableId("storage_credential:" + r.Name),
        ["azure_managed_identity"] = new JsonObject { ["access_connector_id"] = r.AccessConnectorId, ["credential_id"] = StableId("credential:" + r.Name) },
        ["comment"] = r.Comment,
        ["read_only"] = r.ReadOnly,
        ["owner"] = r.Owner,
        ["isolation_mode"] = "ISOLATION_MODE_OPEN",
        ["metastore_id"] = Uc.MetastoreId,
        ["used_for_managed_storage"] = false,
        ["created_at"] = r.CreatedAt,
        ["created_by"] = User,
        ["updated_at"] = r.UpdatedAt,
        ["updated_by"] = User,
    };

    /// <summary>
    /// What Unity Catalog checks through Azure: the connector exists and its managed identity holds Storage Blob Data
    /// Contributor on the storage account (on any account when none is named yet). The real service answers
    /// PERMISSION_DENIED as an HTTP 400.
    /// </summary>
    private void ValidateConnector(string credential, string connectorId, string? storageAccount)
    {
        var connector = _azure.Find(connectorId);
        if (connector is null || !string.Equals((string?)connector["type"], AccessConnectorType, StringComparison.OrdinalIgnoreCase))
        {
            throw new SandboxApiException(400, "PERMISSION_DENIED",
                $"Failed to access the Azure Databricks access connector '{connectorId}': it does not exist, or the caller is not Contributor or Owner on it.");
        }

        var principal = (string?)connector["identity"]?["principalId"] ?? "";
        var holds = _azure.OfType(RoleAssignmentType).Any(a =>
            IsDataContributor(a) && IsPrincipal(a, principal, connectorId) && StorageAccountOf((string?)a["id"]) is { } account &&
            (storageAccount is null || string.Equals(account, storageAccount, StringComparison.OrdinalIgnoreCase)));
        if (!holds)
        {
            throw new SandboxApiException(400, "PERMISSION_DENIED", $"Failed to get credentials: Storage Credential {credential} is not configured correctly. " +
                "Please contact the owner or the administrator of the credential. The access connector's managed identity needs the Storage Blob Data Contributor role on the storage account.");
        }
    }

    private static bool IsDataContributor(JsonObject assignment) =>
        ((string?)assignment["properties"]?["roleDefinitionId"])?.EndsWith("/" + AzureRoleDefinitions.StorageBlobDataContributor, StringComparison.OrdinalIgnoreCase) == true;

    // A principalId deployed from a template may still read [reference('<connector id>', …, 'full').identity.principalId].
    private static bool IsPrincipal(JsonObject assignment, string principalId, string connectorId)
    {
        var value = (string?)assignment["properties"]?["principalId"] ?? "";
        return value.Length > 0 && (string.Equals(value, principalId, StringComparison.OrdinalIgnoreCase) ||
                                    value.Contains(connectorId.TrimStart('/'), StringComparison.OrdinalIgnoreCase) && value.Contains("principalId", StringComparison.Ordinal));
    }

    /// <summary>The storage account a role assignment is scoped to (…/storageAccounts/&lt;name&gt;[/…]/providers/Microsoft.Authorization/roleAssignments/…).</summary>
    private static string? StorageAccountOf(string? assignmentId)
    {
        var match = StorageScope().Match(assignmentId ?? "");
        return match.Success ? match.Groups["account"].Value : null;
    }

    [GeneratedRegex("/providers/Microsoft\\.Storage/storageAccounts/(?<account>[^/]+)(/.*)?/providers/Microsoft\\.Authorization/roleAssignments/", RegexOptions.IgnoreCase)]
    private static partial Regex StorageScope();

    // ---------------------------------------------------------------- shared

    private static string RequiredName(JsonObject body) =>
        (string?)body["name"] is { Length: > 0 } name ? name : throw Invalid("Missing required field: name");

    private static bool Flag(JsonObject body, string name) => body[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string StableId(string key) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)).ToString();

    /// <summary>
    /// A list page: everything without max_results; else pages of max_results (0 = the server's size, 1–149 refused as the
    /// service does, for lists that page), with next_page_token while more remain.
    /// </summary>
    private static JsonObject Paged(string field, IEnumerable<JsonObject> items, (string? MaxResults, string? PageToken) page)
    {
        var all = items.ToList();
        var start = int.TryParse(page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;
        var size = all.Count;
        if (page.MaxResults is not null)
        {
            size = int.TryParse(page.MaxResults, NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : -1;
            if (size is < 0 or > 0 and < 150)
            {
                throw Invalid($"max_results must be 0 or at least 150, got '{page.MaxResults}'.");
            }

            size = size == 0 ? 500 : size;
        }

        var result = new JsonObject { [field] = new JsonArray(all.Skip(start).Take(size).Select(i => (JsonNode)i).ToArray()) };
        if (start + size < all.Count)
        {
            result["next_page_token"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
