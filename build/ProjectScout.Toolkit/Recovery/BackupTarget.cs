using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Lakehouse;

namespace ProjectScout.Toolkit.Recovery;

/// <summary>
/// Where an environment's backups live, as data for every reader (the backup notebook, the Unity Catalog desired state,
/// the restore and the playbook): the backup catalog (<c>recovery.backupCatalog</c>) with one schema per layer, stored
/// through its own external location in the backup storage account's backup container (<c>lake.backupContainer</c>).
/// </summary>
public sealed record BackupTarget(string Catalog, string ExternalLocation, string StorageAccount, string Container, IReadOnlyList<string> Schemas)
{
    /// <summary>The external location's URL, and the backup catalog's storage root.</summary>
    public string Url => $"abfss://{Container}@{StorageAccount}.dfs.core.windows.net/{Catalog}";

    /// <summary>The backup copy of a contract table: the same schema (layer) and name in the backup catalog.</summary>
    public TableName CopyOf(TableName table) => table;

    /// <summary>The environment's backup target, or null when it has no backup storage account (storage.backupAccount: false).</summary>
    public static BackupTarget? Of(EnvironmentDefinition environment, LakehouseDeclaration lakehouse) =>
        !environment.Storage.BackupAccount || environment.Recovery.BackupCatalog.Length == 0
            ? null
            : new BackupTarget(environment.Recovery.BackupCatalog, environment.Recovery.BackupCatalog + "_location",
                environment.Names.BackupStorageAccount, lakehouse.Lake.BackupContainer, lakehouse.LayerNames);
}
