using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Sandbox.State;

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

    public DatabricksStore(SandboxOptions options)
    {
        _options = options;
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

    // ---------------------------------------------------------------- workspace

    public static string NormalizePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Invalid("Path must be provided.");
        }

        if (!path.StartsWith('/'))
        {
            throw Invalid($"Path ({path}) must be absolute.");
        }

        if (path.Split('/').Any(segment => segment is "." or ".."))
        {
            throw Invalid($"Path ({path}) must not contain '.' or '..' segments.");
        }

        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    private static string ParentOf(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }

    private WorkspaceObject NewObject(string path, string type, string? language, byte[]? content)
    {
        var now = Now;
        return new WorkspaceObject
        {
            Path = path,
            ObjectType = type,
            Language = language,
            ObjectId = _state.NextObjectId++,
            CreatedAt = now,
            ModifiedAt = now,
            ContentSha256 = content is null ? null : _blobs.Put(content),
            Size = content?.LongLength,
        };
    }

    public JsonObject Mkdirs(JsonObject body) => Write(() =>
    {
        var path = NormalizePath((string?)body["path"]);
        var chain = new List<string>();
        for (var current = path; ; current = ParentOf(current))
        {
            chain.Add(current);
            if (current == "/")
            {
                break;
            }
        }

        chain.Reverse();
        foreach (var directory in chain)
        {
            if (_state.Workspace.TryGetValue(directory, out var existing))
            {
                if (existing.ObjectType != "DIRECTORY")
                {
                    throw AlreadyExists($"Node named '{directory}' already exists and is not a directory.");
                }

                continue;
            }

            _state.Workspace[directory] = NewObject(directory, "DIRECTORY", null, null);
        }

        return new JsonObject();
    });

    public JsonObject Import(JsonObject body) => Write(() =>
    {
        var path = NormalizePath((string?)body["path"]);
        var format = (string?)body["format"] ?? "SOURCE";
        var language = (string?)body["language"];
        var overwrite = (bool?)body["overwrite"] ?? false;
        if (format is not ("SOURCE" or "JUPYTER" or "HTML" or "DBC" or "R_MARKDOWN" or "AUTO" or "RAW"))
        {
            throw Invalid($"Invalid format: {format}. Supported formats: SOURCE, JUPYTER, HTML, DBC, R_MARKDOWN, AUTO, RAW.");
        }

        if (language is not (null or "PYTHON" or "SCALA" or "SQL" or "R"))
        {
            throw Invalid($"Invalid language: {language}. Supported languages: PYTHON, SCALA, SQL, R.");
        }

        if (format == "DBC" && overwrite)
        {
            throw Invalid("Overwrite is not supported for the DBC format.");
        }

        var content = (string?)body["content"] ?? string.Empty;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(content);
        }
        catch (FormatException)
        {
            throw Invalid("The content must be base64 encoded.");
        }

        if (bytes.LongLength > MaxImportBytes)
        {
            throw new SandboxApiException(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", $"File size imported is ({bytes.LongLength} bytes), exceeded max size ({MaxImportBytes} bytes)");
        }

        var (type, objectLanguage, targetPath) = Classify(path, format, language, bytes);
        var parent = ParentOf(targetPath);
        if (!_state.Workspace.TryGetValue(parent, out var parentObject) || parentObject.ObjectType != "DIRECTORY")
        {
            throw NotFound($"The parent folder ({parent}) does not exist.");
        }

        if (_state.Workspace.TryGetValue(targetPath, out var existing))
        {
            if (!overwrite || existing.ObjectType == "DIRECTORY")
            {
                throw AlreadyExists($"{targetPath} already exists.");
            }

            existing.ObjectType = type;
            existing.Language = objectLanguage;
            existing.ContentSha256 = _blobs.Put(bytes);
            existing.Size = bytes.LongLength;
            existing.ModifiedAt = Now;
            return new JsonObject();
        }

        _state.Workspace[targetPath] = NewObject(targetPath, type, objectLanguage, bytes);
        return new JsonObject();
    });

    private static readonly Dictionary<string, (string Language, string Header)> NotebookExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".py"] = ("PYTHON", "# Databricks notebook source"),
        [".sql"] = ("SQL", "-- Databricks notebook source"),
        [".scala"] = ("SCALA", "// Databricks notebook source"),
        [".r"] = ("R", "# Databricks notebook source"),
    };

    private static (string Type, string? Language, string Path) Classify(string path, string format, string? language, byte[] bytes)
    {
        switch (format)
        {
            case "RAW":
                return ("FILE", null, path);
            case "AUTO":
                var extension = System.IO.Path.GetExtension(path);
                if (NotebookExtensions.TryGetValue(extension, out var notebook)
                    && Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').StartsWith(notebook.Header, StringComparison.Ordinal))
                {
                    return ("NOTEBOOK", notebook.Language, path[..^extension.Length]);
                }

                return ("FILE", null, path);
            case "JUPYTER":
                return ("NOTEBOOK", language ?? "PYTHON", path);
            case "SOURCE":
                if (language is null)
                {
                    throw Invalid("The language must be specified when importing in SOURCE format.");
                }

                return ("NOTEBOOK", language, path);
            default:
                return ("NOTEBOOK", language ?? "PYTHON", path);
        }
    }

    public WorkspaceObject Get(string? rawPath)
    {
        var path = NormalizePath(rawPath);
        return _state.Workspace.TryGetValue(path, out var found) ? found : throw NotFound($"Path ({path}) doesn't exist.");
    }

    public JsonObject Describe(WorkspaceObject item)
    {
        var result = new JsonObject
        {
            ["object_type"] = item.ObjectType,
            ["path"] = item.Path,
        };
        if (item.Language is not null)
        {
            result["language"] = item.Language;
        }

        result["object_id"] = item.ObjectId;
        result["created_at"] = item.CreatedAt;
        result["modified_at"] = item.ModifiedAt;
        result["resource_id"] = item.ObjectId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (item.Size is { } size)
        {
            result["size"] = size;
        }

        return result;
    }

    public JsonObject GetStatus(string? path) => Read(() => Describe(Get(path)));

    public (byte[] Bytes, string FileType) Export(string? path, string? format) => Read(() =>
    {
        var item = Get(path);
        if (item.ObjectType == "DIRECTORY" && format != "DBC")
        {
            throw new SandboxApiException(400, "BAD_REQUEST", $"Export of directory {item.Path} is only supported in DBC format.");
        }

        var extension = item.Language switch
        {
            "PYTHON" => "py",
            "SQL" => "sql",
            "SCALA" => "scala",
            "R" => "r",
            _ => System.IO.Path.GetExtension(item.Path).TrimStart('.'),
        };
        return (_blobs.Get(item.ContentSha256), extension);
    });

    public JsonObject List(string? rawPath) => Read(() =>
    {
        var item = Get(rawPath);
        if (item.ObjectType != "DIRECTORY")
        {
            return new JsonObject { ["objects"] = new JsonArray(Describe(item)) };
        }

        var prefix = item.Path == "/" ? "/" : item.Path + "/";
        var children = _state.Workspace.Values
            .Where(o => o.Path != item.Path && o.Path.StartsWith(prefix, StringComparison.Ordinal) && !o.Path[prefix.Length..].Contains('/'))
            .Select(o => (JsonNode)Describe(o))
            .ToArray();
        return children.Length == 0 ? new JsonObject() : new JsonObject { ["objects"] = new JsonArray(children) };
    });

    public JsonObject Delete(JsonObject body) => Write(() =>
    {
        var item = Get((string?)body["path"]);
        var recursive = (bool?)body["recursive"] ?? false;
        if (item.Path == "/")
        {
            throw new SandboxApiException(400, "DIRECTORY_PROTECTED", "The root directory cannot be deleted.");
        }

        var prefix = item.Path + "/";
        var descendants = _state.Workspace.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (descendants.Count > 0 && !recursive)
        {
            throw new SandboxApiException(400, "DIRECTORY_NOT_EMPTY", $"Folder ({item.Path}) is not empty.");
        }

        foreach (var key in descendants.Append(item.Path))
        {
            var removed = _state.Workspace[key];
            _state.Workspace.Remove(key);
            _state.Permissions.Remove((removed.ObjectType == "DIRECTORY" ? "directories/" : "notebooks/") + removed.ObjectId);
        }

        return new JsonObject();
    });

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
