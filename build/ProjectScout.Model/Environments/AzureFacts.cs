namespace ProjectScout.Model.Environments;

/// <summary>Azure facts the environment validation, the policy check and the deployer all rely on, declared once.</summary>
public static class AzureFacts
{
    public static readonly IReadOnlyList<string> StorageSkus = ["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

    public static readonly IReadOnlyList<string> GeoRedundantStorageSkus = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

    /// <summary>Resource types holding data or identity: the policy check locks them in prod, the deployer refuses to delete them without --allow-delete.</summary>
    public static IReadOnlySet<string> StatefulResourceTypes => ProjectScout.Model.Azure.AzureResourceTypes.StatefulNames;
}
