using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Sandbox.State;

using ProjectScout.Sandbox.Arm;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// The Databricks workspace the sandbox serves: workspace objects, jobs, cluster policies, secret scopes and
/// permissions, with the validation and error codes the real service gives for the requests the toolkit sends.
/// Every mutation is persisted before the response is written.
/// </summary>
internal sealed partial class DatabricksStore
{
    public const string FileName = "databricks.json";
    public const long MaxImportBytes = ProjectScout.Model.Databricks.WorkspaceLimits.ImportBytes;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly SandboxOptions _options;
    private readonly DatabricksState _state;
    private readonly BlobStore _blobs;

    /// <summary>The Azure side (connectors, role assignments, subnets), read by Unity Catalog validation and job runs.</summary>
    private readonly IAzureResourceView _azure;

    public DatabricksStore(SandboxOptions options, IAzureResourceView azure)
    {
        _options = options;
        _azure = azure;
        _path = Path.Combine(options.ResolvedStateDirectory, FileName);
        _state = JsonStateFile.Load<DatabricksState>(_path);
        _blobs = new BlobStore(Path.Combine(options.ResolvedStateDirectory, BlobStore.FolderName));
        _blobs.Prune(_state.Workspace.Values.Select(o => o.ContentSha256).OfType<string>());
        foreach (var root in new[] { "/", "/Shared", "/Users" })
        {
            if (!_state.Workspace.ContainsKey(root))
            {
                _state.Workspace[root] = NewObject(root, "DIRECTORY", null, null);
            }
        }
    }

    private long Now => _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private string User => _options.DatabricksUserName;

    public T Read<T>(Func<T> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    public T Write<T>(Func<T> action)
    {
        lock (_gate)
        {
            var result = action();
            JsonStateFile.Save(_path, _state);
            return result;
        }
    }

    // ---------------------------------------------------------------- errors

    public static SandboxApiException Invalid(string message) => new(400, "INVALID_PARAMETER_VALUE", message);

    public static SandboxApiException NotFound(string message) => new(404, "RESOURCE_DOES_NOT_EXIST", message);

    public static SandboxApiException AlreadyExists(string message) => new(409, "RESOURCE_ALREADY_EXISTS", message);

    // ---------------------------------------------------------------- cluster policies

    public JsonObject CreatePolicy(JsonObject body) => Write(() =>
    {
        var name = ValidatePolicy(body, existingId: null);
        var id = NewPolicyId(name);
        var record = new PolicyRecord
        {
            PolicyId = id,
            Name = name,
            CreatedAtTimestamp = Now,
            CreatorUserName = User,
        };
        ApplyPolicy(record, body);
        _state.Policies[id] = record;
        return new JsonObject { ["policy_id"] = id };
    });

    public JsonObject EditPolicy(JsonObject body) => Write(() =>
    {
        var id = (string?)body["policy_id"] ?? throw Invalid("Missing required field: policy_id");
        var record = FindPolicy(id);
        record.Name = ValidatePolicy(body, id);
        record.Definition = null;
        record.Description = null;
        record.MaxClustersPerUser = null;
        record.PolicyFamilyId = null;
        record.PolicyFamilyDefinitionOverrides = null;
        record.Libraries = null;
        ApplyPolicy(record, body);
        return new JsonObject();
    });

    public JsonObject GetPolicy(string? id) => Read(() => DescribePolicy(FindPolicy(id ?? throw Invalid("Missing required field: policy_id"))));

    public JsonObject ListPolicies() => Read(() =>
    {
        var policies = _state.Policies.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => (JsonNode)DescribePolicy(p)).ToArray();
        return new JsonObject { ["policies"] = new JsonArray(policies), ["total_count"] = policies.Length };
    });

    public JsonObject DeletePolicy(JsonObject body) => Write(() =>
    {
        var id = (string?)body["policy_id"] ?? throw Invalid("Missing required field: policy_id");
        FindPolicy(id);
        _state.Policies.Remove(id);
        _state.Permissions.Remove("cluster-policies/" + id);
        return new JsonObject();
    });

    private PolicyRecord FindPolicy(string id) =>
        _state.Policies.TryGetValue(id, out var record) ? record : throw NotFound($"Cluster policy {id} does not exist.");

    private string ValidatePolicy(JsonObject body, string? existingId)
    {
        var name = (string?)body["name"];
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw Invalid("Cluster policy name must be between 1 and 100 characters.");
        }

        if (_state.Policies.Values.Any(p => p.PolicyId != existingId && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw Invalid($"Cluster policy with name '{name}' already exists.");
        }

        var definition = (string?)body["definition"];
        if (definition is not null && body["policy_family_id"] is not null)
        {
            throw Invalid("Only one of definition and policy_family_id can be set.");
        }

        if (definition is not null)
        {
            try
            {
                if (JsonNode.Parse(definition) is not JsonObject)
                {
                    throw Invalid("Policy definition must be a JSON object.");
                }
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw Invalid($"Policy definition is not valid JSON: {ex.Message}");
            }
        }

        if (body["max_clusters_per_user"].AsLong("max_clusters_per_user") is { } max && max < 1)
        {
            throw Invalid("max_clusters_per_user must be a positive number.");
        }

        return name;
    }

    private static void ApplyPolicy(PolicyRecord record, JsonObject body)
    {
        record.Definition = (string?)body["definition"];
        record.Description = (string?)body["description"];
        record.MaxClustersPerUser = body["max_clusters_per_user"].AsLong("max_clusters_per_user");
        record.PolicyFamilyId = (string?)body["policy_family_id"];
        record.PolicyFamilyDefinitionOverrides = (string?)body["policy_family_definition_overrides"];
        record.Libraries = body["libraries"]?.DeepClone() as JsonArray;
    }

    private string NewPolicyId(string name)
    {
        // Real ids are 16 upper-case hex digits; derive them from a sequence so the state stays deterministic.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{_state.NextPolicySequence++}:{name}"));
        return Convert.ToHexString(hash, 0, 8);
    }

    private static JsonObject DescribePolicy(PolicyRecord record)
    {
        var result = new JsonObject
        {
            ["policy_id"] = record.PolicyId,
            ["name"] = record.Name,
        };
        if (record.Definition is not null)
        {
            result["definition"] = record.Definition;
        }

        if (record.Description is not null)
        {
            result["description"] = record.Description;
        }

        if (record.MaxClustersPerUser is { } max)
        {
            result["max_clusters_per_user"] = max;
        }

        if (record.PolicyFamilyId is not null)
        {
            result["policy_family_id"] = record.PolicyFamilyId;
        }

        if (record.PolicyFamilyDefinitionOverrides is not null)
        {
            result["policy_family_definition_overrides"] = record.PolicyFamilyDefinitionOverrides;
        }

        if (record.Libraries is not null)
        {
            result["libraries"] = record.Libraries.DeepClone();
        }

        result["created_at_timestamp"] = record.CreatedAtTimestamp;
        result["creator_user_name"] = record.CreatorUserName;
        result["is_default"] = false;
        return result;
    }

    // ---------------------------------------------------------------- secret scopes

    [GeneratedRegex(@"^[\w.@-]{1,128}$")]
    private static partial Regex ScopeName();

    public JsonObject CreateScope(JsonObject body) => Write(() =>
    {
        var name = (string?)body["scope"];
        if (name is null || !ScopeName().IsMatch(name))
        {
            throw Invalid($"Scope name '{name}' is invalid: it must be 1-128 characters of letters, digits, '-', '_', '.' and '@'.");
        }

        var backend = (string?)body["scope_backend_type"] ?? (string?)body["backend_type"] ?? "DATABRICKS";
        if (backend is not ("DATABRICKS" or "AZURE_KEYVAULT"))
        {
            throw Invalid($"Invalid scope_backend_type: {backend}.");
        }

        string? resourceId = null;
        string? dnsName = null;
        if (backend == "AZURE_KEYVAULT")
        {
            var keyVault = body["backend_azure_keyvault"] as JsonObject;
            resourceId = (string?)keyVault?["resource_id"];
            dnsName = (string?)keyVault?["dns_name"];
            if (string.IsNullOrWhiteSpace(resourceId) || string.IsNullOrWhiteSpace(dnsName))
            {
                throw Invalid("backend_azure_keyvault.resource_id and backend_azure_keyvault.dns_name are required for an AZURE_KEYVAULT scope.");
            }

            if (!ProjectScout.Model.Azure.ResourceId.TryParse(resourceId, out var vault) || !ProjectScout.Model.Azure.AzureResourceTypes.KeyVaults.Is(vault.Type))
            {
                throw Invalid($"backend_azure_keyvault.resource_id '{resourceId}' is not a Key Vault resource id.");
            }

            if (!Uri.TryCreate(dnsName, UriKind.Absolute, out var dns) || dns.Scheme != Uri.UriSchemeHttps)
            {
                throw Invalid($"backend_azure_keyvault.dns_name '{dnsName}' must be the vault URI, e.g. https://<vault>.vault.azure.net/.");
            }
        }

        if (_state.SecretScopes.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw AlreadyExists($"Scope {name} already exists!");
        }

        _state.SecretScopes[name] = new SecretScopeRecord { Name = name, BackendType = backend, KeyVaultResourceId = resourceId, KeyVaultDnsName = dnsName };
        return new JsonObject();
    });

    public JsonObject ListScopes() => Read(() =>
    {
        var scopes = _state.SecretScopes.Values.Select(s =>
        {
            var item = new JsonObject { ["name"] = s.Name, ["backend_type"] = s.BackendType };
            if (s.BackendType == "AZURE_KEYVAULT")
            {
                item["keyvault_metadata"] = new JsonObject { ["resource_id"] = s.KeyVaultResourceId, ["dns_name"] = s.KeyVaultDnsName };
            }

            return (JsonNode)item;
        }).ToArray();
        return scopes.Length == 0 ? new JsonObject() : new JsonObject { ["scopes"] = new JsonArray(scopes) };
    });

    public JsonObject DeleteScope(JsonObject body) => Write(() =>
    {
        var name = (string?)body["scope"] ?? throw Invalid("Missing required field: scope");
        if (!_state.SecretScopes.Remove(name))
        {
            throw NotFound($"Scope {name} does not exist!");
        }

        return new JsonObject();
    });
}
