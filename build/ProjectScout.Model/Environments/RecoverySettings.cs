namespace ProjectScout.Model.Environments;

/// <summary>
/// Disaster recovery of one environment (the <c>recovery:</c> section): how far back time travel reaches, where and how
/// often every contract table is deep-cloned, and the region the backups must survive the loss of.
/// </summary>
public sealed class RecoverySettings
{
    /// <summary>The fewest days Delta keeps removed files: VACUUM refuses a RETAIN under 168 hours.</summary>
    public const int MinimumTimeTravelDays = 7;

    /// <summary>Delta's default <c>delta.logRetentionDuration</c> (30 days): history is never kept shorter than that.</summary>
    public const int DefaultLogRetentionDays = 30;

    /// <summary>
    /// Days every table can be time-travelled and RESTOREd: its <c>delta.deletedFileRetentionDuration</c>, the maintenance
    /// job's VACUUM RETAIN, and (at least 30 days) its <c>delta.logRetentionDuration</c>.
    /// </summary>
    public int TimeTravelDays { get; set; } = MinimumTimeTravelDays;

    /// <summary>The catalog the backup job deep-clones every contract table into (one schema per layer), stored in the backup account.</summary>
    public string BackupCatalog { get; set; } = "";

    /// <summary>Quartz cron of the backup job (the backups' cadence: the RPO of a restore from backup).</summary>
    public string BackupSchedule { get; set; } = "";

    /// <summary>The Azure region paired with azure.location: the region a region-down recovery redeploys into.</summary>
    public string PairedRegion { get; set; } = "";

    /// <summary>Days of Delta history kept: never fewer than the time-travel window, nor than Delta's 30-day default.</summary>
    public int LogRetentionDays => Math.Max(TimeTravelDays, DefaultLogRetentionDays);
}
