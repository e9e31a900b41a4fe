using System.Globalization;
using System.Text;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Recovery;

namespace ProjectScout.Toolkit.Docs;

/// <summary>
/// DR_PLAYBOOK.md of one environment, generated from its declarations: recovery objectives per layer (from the daily
/// schedule, the layers' timeouts, the time-travel window and the backup cadence), what is and is not replicated, the
/// commands in order for a corrupted table, a lost layer and a lost region, and who is paged.
/// </summary>
public static class DrPlaybookDocument
{
    public const string FileName = "DR_PLAYBOOK.md";

    public static string Render(LakehouseModel model)
    {
        var env = model.Environment;
        var lakehouse = model.Lakehouse;
        var recovery = env.Recovery;
        var backup = BackupTarget.Of(env, lakehouse);
        var target = $"./build.sh --target=Restore --environment={env.Name}";
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"# Disaster recovery playbook — {env.Name}");
        Line();
        Line($"Generated from `{env.SourceFile}` (`recovery:`), `templates/lakehouse.yaml` and the table contracts. Primary region **{env.Azure.Location}**; " +
             (recovery.PairedRegion.Length > 0 ? $"paired region **{recovery.PairedRegion}**." : "no paired region declared (`recovery.pairedRegion`)."));
        Line();
        Line("## Recovery settings");
        Line();
        Line("| Setting | Value |");
        Line("| --- | --- |");
        Line($"| Time travel (`recovery.timeTravelDays`) | {recovery.TimeTravelDays} days: every table's `delta.deletedFileRetentionDuration`, the maintenance VACUUM RETAIN {recovery.TimeTravelDays * 24} HOURS |");
        Line($"| History (`delta.logRetentionDuration`) | {recovery.LogRetentionDays} days |");
        Line(backup is null
            ? "| Backup | none: `storage.backupAccount` is false, so time travel is the only recovery |"
            : $"| Backup | incremental DEEP CLONE of every contract table into catalog `{backup.Catalog}` (`{backup.Url}`, external location `{backup.ExternalLocation}`) on `{recovery.BackupSchedule}` ({env.Databricks.Schedules.Timezone}) |");
        Line($"| Statements run on | the toolkit's SQL warehouse `{AccessDesired.WarehouseNameOf(env)}` (governance.yaml `sqlWarehouse`); `--{ArgumentNames.WarehouseId}=<id>` runs them on another |");
        Line($"| Storage replication | `{env.Storage.Sku}` (lake and backup account) |");
        Line();
        Line("## Recovery objectives per layer");
        Line();
        Line($"The daily medallion job runs on `{env.Databricks.Schedules.DailyMedallion}` ({env.Databricks.Schedules.Timezone}); a restored layer is current again once it and every later layer have re-run.");
        Line("RPO is the data that can be lost; RTO the longest time to serve it again (the restore, then the re-run of this and every later layer within their task timeouts).");
        Line();
        Line("| Layer | RPO, logical damage (time travel) | RPO, storage lost (backup) | RTO (restore + re-run ≤) |");
        Line("| --- | --- | --- | --- |");
        var layers = lakehouse.Layers.ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            var rerun = layers.Skip(i).Sum(l => l.Work.TimeoutSeconds + lakehouse.QualityGate.TimeoutSeconds);
            Line($"| {layers[i].Name} | 0 within {recovery.TimeTravelDays} days (any committed version) | " +
                 (backup is null ? "not backed up" : $"one backup interval (`{recovery.BackupSchedule}`)") +
                 $" | {Hours(rerun)} h + the restore statements |");
        }

        Line();
        Line("## What is replicated, and what is not");
        Line();
        Line("| Asset | Replicated by | After losing the region |");
        Line("| --- | --- | --- |");
        Line($"| Delta table data | {(backup is null ? "nothing beyond time travel" : $"the daily backup job (deep clone into `{backup.Catalog}`)")}; the storage SKU `{env.Storage.Sku}` | restore from the clone (below); geo-replicas of `_delta_log` and data files may diverge |");
        Line("| Delta history | not cloned (a clone starts its own history) | time travel restarts from the restore |");
        Line("| Unity Catalog metadata (catalogs, schemas, grants, masks) | not replicated: the metastore is regional | redeployed from the release into the paired region's metastore |");
        Line("| Workspace objects (notebooks, jobs, cluster policies, secret scopes, ACLs) | not replicated | redeployed from the release (`DeployAll --from-release`) |");
        Line("| Key Vault secrets, Log Analytics data | not replicated by this toolkit | secrets re-set in the new vault; logs start afresh |");
        Line();
        Line("## One table corrupted");
        Line();
        Line($"1. Find the last good version: `{target} --{ArgumentNames.Table}=<layer.table> --{ArgumentNames.ToTimestamp}=<time before the damage>` lists the statement and the version it resolves to (nothing runs).");
        Line($"2. Run it: the same command with `--{ArgumentNames.Apply}`{(env.Kind == EnvironmentKind.Sandbox ? "" : " (asks for `yes`; a pipeline passes `--auto-approve`)")}.");
        Line("3. Re-run the daily medallion job so the later layers are rebuilt from the restored table.");
        Line();
        Line("## A layer lost");
        Line();
        Line(backup is null
            ? $"1. Restore every table of the layer by time: `{target} --{ArgumentNames.Layer}=<layer> --{ArgumentNames.ToVersion}=<n> --{ArgumentNames.Apply}` (no backup account in this environment)."
            : $"1. `{target} --{ArgumentNames.Layer}=<layer> --{ArgumentNames.FromBackup}` lists one deep clone back from `{backup.Catalog}` per table; run it with `--{ArgumentNames.Apply}`.");
        Line($"2. Redeploy phase 1 (`./build.sh --target=DeployPhase1 --environment={env.Name}`) to re-apply grants and masks, which a clone does not carry.");
        Line("3. Re-run the daily medallion job.");
        Line();
        Line("## A region down");
        Line();
        Line($"1. Point a copy of `{env.SourceFile}` at the paired region (`azure.location: {(recovery.PairedRegion.Length > 0 ? recovery.PairedRegion : "<paired region>")}`, its own resource group, the same `names.backupStorageAccount` and `recovery.backupCatalog`, so its backup catalog is declared over the surviving backup account) and redeploy from the release: `./build.sh --target=DeployAll --environment=<that copy> --from-release=<projectscout-<version>.zip> --release-sha256=<sha256>`.");
        Line(backup is null
            ? "2. There is no backup account: the lake's geo-replica (if its SKU is geo-redundant) is the only copy; fail the lake account over (step 3) and point the new catalog at it."
            : $"2. Either re-point to the geo-replica — fail the backup account `{backup.StorageAccount}` over: `az rest --method post --url https://management.azure.com/subscriptions/<subscription>/resourceGroups/{env.Azure.ResourceGroup}/providers/Microsoft.Storage/storageAccounts/{backup.StorageAccount}/failover?api-version=2025-01-01` (it becomes LRS in the new primary; writes after its Last Sync Time are lost) —");
        if (backup is not null)
        {
            var copy = "./build.sh --target=Restore --environment=<that copy>";
            Line($"3. — or restore from the clone, layer by layer in pipeline order: {string.Join(", then ", layers.Select(l => $"`{copy} --{ArgumentNames.Layer}={l.Name} --{ArgumentNames.FromBackup} --{ArgumentNames.Apply}`"))}.");
        }

        Line("4. Re-run the daily medallion job, then check each layer's quality gate.");
        Line();
        Line("## Who is paged");
        Line();
        foreach (var tier in env.Alerting.Tiers)
        {
            var receivers = tier.Emails.Concat(tier.Sms.Select(_ => "SMS")).Concat(tier.PagingWebhookSecret.Length > 0 ? ["the paging webhook (Key Vault secret `" + tier.PagingWebhookSecret + "`)"] : []);
            Line($"- Severity {string.Join(", ", tier.Severities.Order())}: tier `{tier.Name}`, action group `{tier.ActionGroupName(env.Names)}` → {string.Join(", ", receivers)}{(tier.QuietHours is { } quiet ? $" (quiet hours {quiet.Start}–{quiet.End} {quiet.TimeZone})" : "")}.");
        }

        foreach (var (job, workloadClass) in model.Jobs.Select(j => (j.Key, Class: Rendering.WorkloadScript.ClassOf(j.Settings) ?? "")).OrderBy(j => j.Key, StringComparer.Ordinal))
        {
            var tier = env.Workload.Classes.TryGetValue(workloadClass, out var declared) ? declared.AlertTier : "";
            Line($"- Job `{job}` failing or running long: its class `{workloadClass}` notifies tier `{tier}`.");
        }

        return text.ToString();
    }

    private static string Hours(int seconds) => (seconds / 3600.0).ToString("0.#", CultureInfo.InvariantCulture);
}
