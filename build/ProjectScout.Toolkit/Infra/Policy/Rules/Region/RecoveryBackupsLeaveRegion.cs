using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Azure.AzureResourceTypes;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>
/// Production's backups survive the loss of its region: the backup storage account is geo-replicated (GRS, RA-GRS,
/// GZRS, RA-GZRS, to the paired region) or placed in recovery.pairedRegion itself. Other environments are not checked.
/// </summary>
public sealed class RecoveryBackupsLeaveRegion() : PolicyRuleBase("recovery.backups-leave-region", WafPillar.Reliability, "Production backups leave the primary region")
{
    public override string Recommendation => "Give production a backup storage account with a geo-redundant SKU, or place it in recovery.pairedRegion.";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var environment = input.Environment;
        if (!environment.IsProduction)
        {
            yield break;
        }

        var name = environment.Names.BackupStorageAccount;
        var account = input.OfType(StorageAccounts.Name).FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
        if (account is null)
        {
            yield return Check($"storage account '{name}'", "sku.name", false, $"no backup storage account '{name}' is deployed{input.PhasesNote} (storage.backupAccount)", type: StorageAccounts.Name, name: name);
            yield break;
        }

        var sku = Str(account.Get("sku.name"));
        var location = Str(account.Get("location"));
        var geo = AzureFacts.GeoRedundantStorageSkus.Contains(sku);
        var elsewhere = location.Length > 0 && !string.Equals(location, environment.Azure.Location, StringComparison.OrdinalIgnoreCase);
        yield return Check(account.Display, "sku.name", geo || elsewhere,
            geo ? $"{sku}: replicated to the region paired with {environment.Azure.Location}{(environment.Recovery.PairedRegion.Length > 0 ? " (" + environment.Recovery.PairedRegion + ")" : "")}"
            : elsewhere ? $"in {location}, outside the primary region {environment.Azure.Location}"
            : $"{sku} in {(location.Length > 0 ? location : environment.Azure.Location)}: the backups stay in the primary region; use a geo-redundant SKU or place the account in recovery.pairedRegion",
            phase: account.Phase, type: account.Type, name: account.Name);
    }
}
