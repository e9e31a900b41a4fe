namespace ProjectScout.Model.Environments;

/// <summary>The <c>recovery:</c> section: the time-travel window, the backup catalog and cadence, the paired region.</summary>
internal sealed partial class EnvironmentValidator
{
    private void Recovery()
    {
        var r = env.Recovery;
        if (!Present("recovery"))
        {
            Add("recovery", "env.required", $"the recovery section is required: timeTravelDays (at least {RecoverySettings.MinimumTimeTravelDays}), backupCatalog, backupSchedule and, for production, pairedRegion.");
            return;
        }

        Range("recovery.timeTravelDays", r.TimeTravelDays, RecoverySettings.MinimumTimeTravelDays, 365,
            $"VACUUM refuses to retain fewer than {RecoverySettings.MinimumTimeTravelDays * 24} hours of removed files");
        if (Required("recovery.backupCatalog", r.BackupCatalog))
        {
            if (!IdentifierRegex().IsMatch(r.BackupCatalog))
            {
                Add("recovery.backupCatalog", "env.identifier", $"'{r.BackupCatalog}' must be a lowercase SQL identifier (letters, digits, underscores).");
            }
            else if (r.BackupCatalog == env.Databricks.Catalog)
            {
                Add("recovery.backupCatalog", "env.backup-catalog", $"the backup catalog must differ from databricks.catalog ('{env.Databricks.Catalog}'), or a backup would overwrite the tables it copies.");
            }
        }

        Cron("recovery.backupSchedule", r.BackupSchedule);

        if (r.PairedRegion.Length == 0)
        {
            if (env.IsProduction)
            {
                Add("recovery", "env.paired-region", "production must name recovery.pairedRegion, the region a region-down recovery redeploys into (e.g. centralus for eastus2).");
            }
        }
        else if (!RegionRegex().IsMatch(r.PairedRegion))
        {
            Add("recovery.pairedRegion", "env.location", $"'{r.PairedRegion}' is not an Azure region name; use the programmatic name, e.g. centralus.");
        }
        else if (string.Equals(r.PairedRegion, env.Azure.Location, StringComparison.OrdinalIgnoreCase))
        {
            Add("recovery.pairedRegion", "env.paired-region", $"the paired region must differ from azure.location ('{env.Azure.Location}'): a backup in the same region does not survive its loss.");
        }
    }
}
