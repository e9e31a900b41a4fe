using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Json;

namespace ProjectScout.Toolkit.Deployment.Adoption;

/// <summary>How a change to an adopted resource's property goes wrong.</summary>
public enum AdoptionRisk
{
    /// <summary>The service refuses the PUT (the value is chosen at creation): --accept-breaking cannot help.</summary>
    CreateOnly,

    /// <summary>The service takes it, and whatever relies on today's value stops working (the mounts, the readers).</summary>
    BreaksConsumers,
}

/// <summary>
/// One property the adoption preflight compares: where it is (<see cref="Path"/> on <see cref="Type"/>), what the service
/// means when a GET leaves it out, when a change breaks (<see cref="Breaks"/>(desired, current); desired is null when
/// the template leaves the property out), the setting that keeps today's value (null: none, only the migration helps)
/// and the migration.
/// </summary>
public sealed record AdoptedProperty(
    AzureResourceType Type,
    string Path,
    AdoptionRisk Risk,
    JsonNode? AbsentMeans,
    Func<JsonNode?, JsonNode?, bool> Breaks,
    KeptSetting? KeptBy,
    string Migration,
    string? ErrorCode = null)
{
    /// <summary>From a service fact: a create-only property breaks on any declared change, refused with its error code.</summary>
    public static AdoptedProperty CreateOnly(CreateOnlyProperty fact, KeptSetting? keptBy, string migration) =>
        new(fact.ResourceType, fact.Path, AdoptionRisk.CreateOnly, fact.AbsentMeans, CreateOnlyProperty.Changes, keptBy, migration, fact.ErrorCode);

    /// <summary>Breaks only when today's <paramref name="from"/> becomes <paramref name="to"/> (the other direction harms no one).</summary>
    public static Func<JsonNode?, JsonNode?, bool> Turns(JsonNode from, JsonNode to) =>
        (declared, current) => CreateOnlyProperty.SameValue(current, from) && CreateOnlyProperty.SameValue(declared, to);

    public JsonNode? Current(JsonObject live) => JsonPath.Get(live, Path)?.DeepClone() ?? AbsentMeans?.DeepClone();
}

/// <summary>
/// The create-only and consumer-breaking properties of the resources an environment adopts, declared once as data (the
/// service facts themselves in <see cref="CreateOnlyProperties"/>). docs/deployment.md, "Adopting existing resources",
/// explains each.
/// </summary>
public static class AdoptedProperties
{
    public static IReadOnlyList<AdoptedProperty> All { get; } =
    [
        AdoptedProperty.CreateOnly(CreateOnlyProperties.StorageInfrastructureEncryption, KeptSettings.NoInfrastructureEncryption,
            "infrastructure encryption is chosen when an account is created: create a new account with it and copy the data (AzCopy)"),
        AdoptedProperty.CreateOnly(CreateOnlyProperties.StorageHierarchicalNamespace, null,
            "enable it in place with the account's HNS migration (hnsOnMigration: HnsOnValidationRequest, then HnsOnHydrationRequest); it can never be turned off"),
        new(AzureResourceTypes.StorageAccounts, "properties.allowSharedKeyAccess", AdoptionRisk.BreaksConsumers, true, AdoptedProperty.Turns(true, false), KeptSettings.SharedKeyAccess,
            "move what uses the account key (the original wasbs mounts, secret STORAGE-ACCOUNT-KEY) to Unity Catalog external locations first"),
        new(AzureResourceTypes.KeyVaults, "properties.enableRbacAuthorization", AdoptionRisk.BreaksConsumers, false, AdoptedProperty.Turns(false, true), KeptSettings.VaultAccessPolicies,
            "grant every reader an Azure RBAC role first (Key Vault Secrets User; assignments propagate slowly, access policies stop counting at once), then switch"),
        new(AzureResourceTypes.KeyVaults, "properties.softDeleteRetentionInDays", AdoptionRisk.CreateOnly, 90, CreateOnlyProperty.Changes, null,
            "the retention is fixed when a vault is created: make the template's softDeleteRetentionDays match it"),
        AdoptedProperty.CreateOnly(CreateOnlyProperties.WorkspaceVirtualNetwork, KeptSettings.NoVnetInjection,
            "move the workspace into the VNet with 'Update workspace network configuration' (all compute stopped), or create a new workspace"),
    ];

    /// <summary>The types the preflight reads.</summary>
    public static IEnumerable<AzureResourceType> Types => All.Select(p => p.Type).Distinct();
}
