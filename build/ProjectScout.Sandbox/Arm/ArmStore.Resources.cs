using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Hashing;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Arm;

internal sealed partial class ArmStore
{
    /// <summary>Template-only members that are not part of the resource Azure stores.</summary>
    private static readonly string[] TemplateOnlyMembers = ["apiVersion", "dependsOn", "condition", "copy", "scope", "comments", "existing", "symbolicName"];

    /// <summary>
    /// The evaluated resources as they are stored: template-only members dropped, duplicates (same id) merged by
    /// taking the last, secret values replaced by their hash so state and what-if never hold them.
    /// </summary>
    private static List<JsonObject> Declared(IReadOnlyList<JsonObject> predicted)
    {
        var byId = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var resource in predicted)
        {
            if ((string?)resource["id"] is not { } id)
            {
                continue;
            }

            var declared = (JsonObject)resource.DeepClone();
            foreach (var member in TemplateOnlyMembers)
            {
                declared.Remove(member);
            }

            if (IsSecret(declared) && declared["properties"]?["value"] is JsonValue value)
            {
                declared["properties"]!["value"] = "sha256:" + Sha256Hex.Of(value.ToJsonString());
            }

            if (!byId.ContainsKey(id))
            {
                order.Add(id);
            }

            byId[id] = declared;
        }

        return order.Select(id => byId[id]).ToList();
    }

    /// <summary>
    /// The evaluated resources as a deployment writes them: declared, and properties that read another resource's
    /// runtime state (<c>[reference(id, api).path]</c>, left by the snapshot) resolved against the resources of this
    /// deployment and the store. What-if uses the same function, so a redeploy compares equal.
    /// </summary>
    private List<JsonObject> Materialise(IReadOnlyList<JsonObject> predicted)
    {
        var declared = Declared(predicted);
        var pending = declared.ToDictionary(r => ((string)r["id"]!).ToLowerInvariant(), StringComparer.Ordinal);
        foreach (var resource in declared)
        {
            if (resource["properties"] is JsonObject properties)
            {
                resource["properties"] = ResolveReferences(properties.DeepClone(), pending);
            }
        }

        return declared;
    }

    private static bool IsSecret(JsonObject resource) =>
        AzureResourceTypes.KeyVaultSecrets.Is((string?)resource["type"]);

    public JsonObject GetResource(string id)
    {
        lock (_gate)
        {
            if (GroupOf(id) is { } group && !_state.ResourceGroups.ContainsKey(Key(group.Subscription, group.Group)))
            {
                throw ResourceGroupNotFound(group.Group);
            }

            if (!_state.Resources.TryGetValue(id.TrimEnd('/').ToLowerInvariant(), out var record))
            {
                var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var providerIndex = Array.FindLastIndex(parts, p => p.Equals("providers", StringComparison.OrdinalIgnoreCase));
                var typeAndName = providerIndex >= 0 ? string.Join('/', parts[(providerIndex + 1)..]) : id;
                throw new SandboxApiException(404, "ResourceNotFound",
                    $"The Resource '{typeAndName}' under resource group '{GroupOf(id)?.Group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
            }

            return Served(record.Declared);
        }
    }

    /// <summary>
    /// Resources - Delete: 200 when the resource existed (it and its child resources are gone), 204 when it did not,
    /// as ARM answers a DELETE of a missing resource.
    /// </summary>
    public int DeleteResource(string id)
    {
        lock (_gate)
        {
            if (GroupOf(id) is { } group && !_state.ResourceGroups.ContainsKey(Key(group.Subscription, group.Group)))
            {
                throw ResourceGroupNotFound(group.Group);
            }

            var key = id.TrimEnd('/').ToLowerInvariant();
            if (!_state.Resources.ContainsKey(key))
            {
                return 204;
            }

            foreach (var gone in _state.Resources.Keys.Where(k => k == key || k.StartsWith(key + "/", StringComparison.Ordinal)).ToList())
            {
                _state.Resources.Remove(gone);
                _state.Runbooks.Remove(gone);
            }

            Save();
            return 200;
        }
    }

    /// <summary>
    /// The resource as a GET returns it: the declared resource plus what Azure computes (provisioningState, endpoints,
    /// the workspace URL, identities), never a secret value.
    /// </summary>
    private JsonObject Served(JsonObject declared)
    {
        var served = (JsonObject)declared.DeepClone();
        var id = (string)served["id"]!;
        var name = (string?)served["name"] ?? id[(id.LastIndexOf('/') + 1)..];
        var type = (string?)served["type"] ?? string.Empty;
        if (served["properties"] is not JsonObject properties)
        {
            properties = [];
            served["properties"] = properties;
        }

        var shortName = name[(name.LastIndexOf('/') + 1)..];
        switch (AzureResourceTypes.Find(type))
        {
            case var known when known == AzureResourceTypes.DatabricksWorkspaces:
                properties["workspaceUrl"] = _workspaceAuthority();
                properties["workspaceId"] = (BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(id.ToLowerInvariant())), 0) % 9_000_000_000_000_000UL + 1_000_000_000_000_000UL).ToString(CultureInfo.InvariantCulture);
                break;
            case var known when known == AzureResourceTypes.StorageAccounts:
                properties["primaryEndpoints"] = new JsonObject
                {
                    ["blob"] = $"https://{shortName}.blob.core.windows.net/",
                    ["dfs"] = $"https://{shortName}.dfs.core.windows.net/",
                    ["file"] = $"https://{shortName}.file.core.windows.net/",
                    ["queue"] = $"https://{shortName}.queue.core.windows.net/",
                    ["table"] = $"https://{shortName}.table.core.windows.net/",
                    ["web"] = $"https://{shortName}.z13.web.core.windows.net/",
                };
                properties["primaryLocation"] = (string?)served["location"];
                properties["statusOfPrimary"] = "available";
                break;
            case var known when known == AzureResourceTypes.KeyVaults:
                properties["vaultUri"] = $"https://{shortName}.vault.azure.net/";
                break;
            case var known when known == AzureResourceTypes.KeyVaultSecrets:
                properties.Remove("value");
                var vault = name.Contains('/') ? name[..name.IndexOf('/')] : ResourceId.Parse(id).Names[0];
                properties["secretUri"] = $"https://{vault}.vault.azure.net/secrets/{shortName}";
                break;
            case var known when known == AzureResourceTypes.Runbooks:
                properties["state"] = RunbookState(id);
                break;
            case var known when known == AzureResourceTypes.AutomationAccounts:
                // The agent-service (JRDS) endpoint a Hybrid Runbook Worker extension registers with.
                var accountId = DeterministicGuid("automation:" + id.ToLowerInvariant());
                properties["automationHybridServiceUrl"] = $"https://{accountId}.jrds.{(string?)served["location"]}.azure-automation.net/automationAccounts/{accountId}";
                break;
            case var known when known == AzureResourceTypes.LogAnalyticsWorkspaces:
                properties["customerId"] = DeterministicGuid("customerId:" + id.ToLowerInvariant()).ToString();
                break;
        }

        properties["provisioningState"] ??= "Succeeded";
        if (served["identity"] is JsonObject identity && ((string?)identity["type"])?.Contains("SystemAssigned", StringComparison.OrdinalIgnoreCase) == true)
        {
            identity["principalId"] = DeterministicGuid("principal:" + id.ToLowerInvariant()).ToString();
            identity["tenantId"] = DeterministicGuid("tenant:" + ResourceId.Parse(id).SubscriptionId.ToLowerInvariant()).ToString();
        }

        return served;
    }

    // Bicep emits 'full' and ARM reads the argument case-insensitively: a role assignment's principalId then resolves to the managed identity.
    [GeneratedRegex(@"^\[reference\('(?<id>[^']+)'(?:\s*,\s*'[^']*')?(?:\s*,\s*'(?<full>[Ff]ull)')?\)(?<path>(?:\.[A-Za-z_$][\w$]*|\['[^']*'\])*)\]$")]
    private static partial Regex ReferenceExpression();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_$][\w$]*)|\['(?<quoted>[^']*)'\]")]
    private static partial Regex PathSegment();

    /// <summary>
    /// Outputs the snapshot could not evaluate because they read a deployed resource's runtime state
    /// (<c>[reference('id', 'api').path]</c>) are resolved against the resource as the sandbox serves it.
    /// </summary>
    private JsonNode? ResolveReferences(JsonNode? value, IReadOnlyDictionary<string, JsonObject>? pending = null)
    {
        switch (value)
        {
            case JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var match = ReferenceExpression().Match(text.GetValue<string>());
                var key = match.Success ? match.Groups["id"].Value.ToLowerInvariant() : string.Empty;
                var target = !match.Success ? null
                    : pending is not null && pending.TryGetValue(key, out var planned) ? planned
                    : _state.Resources.TryGetValue(key, out var record) ? record.Declared
                    : null;
                if (target is null)
                {
                    return value;
                }

                JsonNode? current = Served(target);
                if (!match.Groups["full"].Success)
                {
                    current = current["properties"];
                }

                foreach (Match segment in PathSegment().Matches(match.Groups["path"].Value))
                {
                    var member = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
                    current = current is JsonObject obj ? obj.FirstOrDefault(p => string.Equals(p.Key, member, StringComparison.OrdinalIgnoreCase)).Value : null;
                }

                return current?.DeepClone() ?? value;
            case JsonObject obj:
                foreach (var member in obj.Select(p => p.Key).ToList())
                {
                    obj[member] = ResolveReferences(obj[member]?.DeepClone(), pending);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = ResolveReferences(array[i]?.DeepClone(), pending);
                }

                return array;
            default:
                return value;
        }
    }
}
