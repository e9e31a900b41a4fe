using System.Text.Json.Nodes;
using ProjectScout.Model.Json;

namespace ProjectScout.Model.Azure;

/// <summary>
/// A property Azure sets only when a resource is created: a PUT that names another value on an existing resource is
/// refused with <see cref="ErrorCode"/> and the message <see cref="Message"/> builds. <see cref="AbsentMeans"/> is what the
/// service means when its GET leaves the property out (an account created without infrastructure encryption shows none).
/// </summary>
public sealed record CreateOnlyProperty(AzureResourceType ResourceType, string Path, JsonNode? AbsentMeans, string ErrorCode, Func<string, JsonNode?, JsonNode?, string> Message)
{
    /// <summary>The value a stored or served resource holds at <see cref="Path"/>, with absence read as the service reads it.</summary>
    public JsonNode? Current(JsonNode? resource) => JsonPath.Get(resource, Path)?.DeepClone() ?? AbsentMeans?.DeepClone();

    /// <summary>Whether a PUT declaring <paramref name="declared"/> (null: not declared) changes <paramref name="current"/>.</summary>
    public static bool Changes(JsonNode? declared, JsonNode? current) =>
        declared is not null && !SameValue(declared, current);

    /// <summary>JSON equality where strings (resource ids, names) compare case-insensitively, as ARM compares them.</summary>
    public static bool SameValue(JsonNode? a, JsonNode? b) =>
        a is JsonValue va && b is JsonValue vb && va.GetValueKind() == System.Text.Json.JsonValueKind.String && vb.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? string.Equals(va.ToString(), vb.ToString(), StringComparison.OrdinalIgnoreCase)
            : JsonNode.DeepEquals(a, b);

    /// <summary>The last segment of the path, as Azure's messages name the property.</summary>
    public string PropertyName => Path.Split('.') is var parts && parts[^1] == "value" && parts.Length > 1 ? parts[^2] : parts[^1];
}

/// <summary>
/// The create-only properties of the resources the toolkit adopts (storage account, Key Vault, Databricks workspace),
/// with the error each service answers, declared once: the sandbox refuses the change with it and the toolkit's adoption
/// preflight stops before it (docs/deployment.md, "Adopting existing resources").
/// </summary>
public static class CreateOnlyProperties
{
    /// <summary>Storage: HTTP 400 AccountPropertyCannotBeUpdated (azure-rest-api-specs #18441, Azure/ResourceModules #4466).</summary>
    public const string StorageErrorCode = "AccountPropertyCannotBeUpdated";

    /// <summary>Databricks: a workspace's VNet is chosen at creation (azure-docs #111122, azure-quickstart-templates #14515).</summary>
    public const string WorkspaceVnetErrorCode = "VirtualNetworkIdChangeNotAllowed";

    private static string StorageMessage(string property, JsonNode? current, JsonNode? declared) =>
        $"The property '{property}' was specified in the input, but it cannot be updated as it is read-only. For more information, see - https://aka.ms/storageaccountupdate";

    private static string WorkspaceVnetMessage(string property, JsonNode? current, JsonNode? declared) =>
        $"Updating required Virtual Network from {current?.ToString() ?? ""} to {declared?.ToString() ?? ""} is currently not allowed.";

    public static readonly CreateOnlyProperty StorageInfrastructureEncryption =
        new(AzureResourceTypes.StorageAccounts, "properties.encryption.requireInfrastructureEncryption", false, StorageErrorCode, StorageMessage);

    public static readonly CreateOnlyProperty StorageHierarchicalNamespace =
        new(AzureResourceTypes.StorageAccounts, "properties.isHnsEnabled", false, StorageErrorCode, StorageMessage);

    public static readonly CreateOnlyProperty WorkspaceVirtualNetwork =
        new(AzureResourceTypes.DatabricksWorkspaces, "properties.parameters.customVirtualNetworkId.value", "", WorkspaceVnetErrorCode, WorkspaceVnetMessage);

    /// <summary>Every create-only property a service refuses to change with a known error.</summary>
    public static IReadOnlyList<CreateOnlyProperty> All { get; } = [StorageInfrastructureEncryption, StorageHierarchicalNamespace, WorkspaceVirtualNetwork];

    /// <summary>The first create-only property <paramref name="declared"/> would change on <paramref name="stored"/>, or null.</summary>
    public static (CreateOnlyProperty Property, JsonNode? Current, JsonNode? Declared)? FirstChange(JsonObject declared, JsonObject stored)
    {
        var type = JsonPath.Str(declared["type"]);
        foreach (var property in All.Where(p => p.ResourceType.Is(type)))
        {
            var wanted = JsonPath.Get(declared, property.Path);
            var current = property.Current(stored);
            if (CreateOnlyProperty.Changes(wanted, current))
            {
                return (property, current, wanted);
            }
        }

        return null;
    }
}
