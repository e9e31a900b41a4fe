using ProjectScout.Model.Azure;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Docs.Alignment;

// The checks over the platform: snapshots (monitoring, DR, rotation), the delivery process and governance.
public static partial class EvidenceChecks
{
    /// <summary>At least two action groups (severity tiers) and alert processing rules routing to them.</summary>
    private static Evidence AlertTiers(EvidenceInput input)
    {
        var groups = input.Model.OfType(AzureResourceTypes.ActionGroups.Name).Select(g => g.Name).ToList();
        var routes = input.Model.OfType(AzureResourceTypes.ActionRules.Name).Select(r => r.Name).ToList();
        if (groups.Count >= 2 && routes.Count > 0)
        {
            return Evidence.Aligned($"{groups.Count} action groups ({string.Join(", ", groups)}) routed by {routes.Count} alert processing rule(s)");
        }

        return Evidence.Missing(groups.Count == 0
            ? "no action group in the snapshots"
            : $"not implemented: escalation — {groups.Count} action group(s) ({string.Join(", ", groups)}), {routes.Count} alert processing rule(s): every severity reaches the same receivers");
    }

    private static Evidence Dashboards(EvidenceInput input)
    {
        var dashboards = input.Model.OfType(AzureResourceTypes.PortalDashboards.Name).Select(d => d.Name).ToList();
        return dashboards.Count > 0 ? Evidence.Aligned($"dashboards {string.Join(", ", dashboards)}") : Evidence.Missing("no dashboard in the snapshots");
    }

    /// <summary>
    /// A rendered job backs the tables up (its key or name says backup). Without one the row is ❌ whatever else exists
    /// (an account nothing writes to is no recovery); with one, the backup account must be in the snapshots too.
    /// </summary>
    private static Evidence BackupJob(EvidenceInput input)
    {
        var model = input.Model;
        var jobs = model.Jobs.Where(j => j.Key.Contains("backup", StringComparison.OrdinalIgnoreCase) || j.Name.Contains("backup", StringComparison.OrdinalIgnoreCase))
            .Select(j => j.Key).ToList();
        var account = model.Environment.Names.BackupStorageAccount;
        var hasAccount = account.Length > 0 && model.OfType(AzureResourceTypes.StorageAccounts.Name).Any(a => a.Name == account);
        if (jobs.Count == 0)
        {
            return Evidence.Missing("not implemented: no rendered job backs the tables up (DEEP CLONE); recovery is Delta time travel only" +
                                    (hasAccount ? $"; backup account {account} exists but nothing writes to it" : ""));
        }

        return hasAccount
            ? Evidence.Aligned($"backup job {string.Join(", ", jobs)} rendered; backup account {account} in the snapshots")
            : Evidence.Partial($"backup job {string.Join(", ", jobs)} rendered; no backup storage account in the snapshots");
    }

    /// <summary>Data leaves the primary region: the backup account (else the lake) is geo-redundant.</summary>
    private static Evidence CrossRegion(EvidenceInput input)
    {
        var model = input.Model;
        var accounts = model.OfType(AzureResourceTypes.StorageAccounts.Name).ToList();
        if (accounts.Count == 0)
        {
            return Evidence.Missing("no storage account in the snapshots");
        }

        var backup = accounts.FirstOrDefault(a => a.Name == model.Environment.Names.BackupStorageAccount)
            ?? accounts.FirstOrDefault(a => a.Name == model.Environment.Names.StorageAccount) ?? accounts[0];
        var sku = Str(backup.Get("sku.name"));
        return sku.Contains("GRS", StringComparison.Ordinal) || sku.Contains("GZRS", StringComparison.Ordinal)
            ? Evidence.Aligned($"{backup.Name} is {sku}: replicated to the paired region")
            : Evidence.Missing($"{backup.Name} is {(sku.Length == 0 ? "(no sku)" : sku)}: no copy outside {model.Environment.Azure.Location}");
    }

    /// <summary>The named document was generated for the environment in this run.</summary>
    private static Evidence Document(EvidenceInput input, string? name) =>
        input.Documents.Contains(name ?? "")
            ? Evidence.Aligned($"{name} generated")
            : Evidence.Missing($"not implemented: no {name} is generated for this environment");

    /// <summary>The repository's CI pipeline runs the toolkit (Validate and the tests) on every change.</summary>
    private static Evidence Pipeline(EvidenceInput input) =>
        input.Model.PipelineFiles.Count > 0
            ? Evidence.Aligned($"CI pipeline definition {string.Join(", ", input.Model.PipelineFiles)}")
            : Evidence.Missing("no CI pipeline definition in the repository");

    private static Evidence PolicyResults(EvidenceInput input) =>
        input.Model.InfraPolicy is { } policy
            ? Evidence.Aligned($"CheckInfraPolicies: {policy.Results.Count} results, {policy.Results.Count(r => !r.Passed)} failing, before any deploy")
            : Evidence.Missing($"no infrastructure policy results: {input.Model.InfraPolicyAbsence}");

    private static Evidence AllPhasesCompiled(EvidenceInput input)
    {
        var phases = InfraPhases.All.Select(p => p.Number).ToList();
        var compiled = input.Model.SnapshotPhases;
        return phases.All(compiled.Contains)
            ? Evidence.Aligned($"Bicep phases {string.Join(", ", compiled)} compiled to {input.Model.Resources.Count} predicted resources")
            : compiled.Count > 0 ? Evidence.Partial($"compiled phases {string.Join(", ", compiled)} of {string.Join(", ", phases)}") : Evidence.Missing("no compiled phase snapshots");
    }

    /// <summary>Changes go through plan → approval → apply → record; aligned once a deployment of this environment is recorded.</summary>
    private static Evidence DeploymentRecord(EvidenceInput input)
    {
        var deployed = input.Model.Deployments;
        return deployed.Count > 0
            ? Evidence.Aligned($"{deployed.Count} phase(s) deployed through plan, approval and record ({string.Join(", ", deployed.Select(d => d.Deployment))})")
            : Evidence.Partial("every deploy plans (what-if), asks approval for real environments and records the phase; no deployment of this environment is recorded yet");
    }

    private static Evidence LivingDocuments(EvidenceInput input) =>
        input.Model.Resources.Count > 0 && input.Model.Contracts is not null
            ? Evidence.Aligned($"generated on every build from {input.Model.Resources.Count} snapshot resources, {input.Model.Contracts.Tables.Count} contracts and {input.Model.Jobs.Count} jobs")
            : Evidence.Partial("the documents are generated, but without snapshots or contracts they describe little");

    private static Evidence EnvironmentTemplates(EvidenceInput input)
    {
        var names = input.Model.EnvironmentNames;
        return names.Count >= 3
            ? Evidence.Aligned($"{names.Count} environment files: {string.Join(", ", names)}")
            : Evidence.Partial($"environment files: {string.Join(", ", names)}");
    }

    private static Evidence CostEstimated(EvidenceInput input) => input.Cost switch
    {
        null => Evidence.Missing("no cost estimate"),
        { Unpriced.Count: 0 } cost => Evidence.Aligned($"{Cost.CostEstimateDocument.FileName}: {cost.MonthlyTotal:0.00} USD/month estimated from the snapshots, schedules and cluster bounds"),
        var cost => Evidence.Partial($"{Cost.CostEstimateDocument.FileName}: {cost.MonthlyTotal:0.00} USD/month; {cost.Unpriced.Count} item(s) without a price in the sheet"),
    };

    /// <summary>
    /// Conditional access is a tenant-level Entra ID policy: no deployment of this toolkit can own it, so this is never
    /// aligned. It says what the jobs do (run as a service principal) and what an administrator must do.
    /// </summary>
    private static Evidence ConditionalAccess(EvidenceInput input)
    {
        var runAs = input.Model.Jobs.Count(j => j.Settings["run_as"] is not null);
        return Evidence.Partial("tenant-level Entra ID policy, outside this toolkit: an administrator must create a Conditional Access policy " +
                                $"for the Azure Databricks app (2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) requiring MFA and compliant devices for the groups of {input.Model.Environment.Name}, " +
                                $"and exclude or separately govern workload identities; {runAs} of {input.Model.Jobs.Count} jobs run as the service principal");
    }

    /// <summary>Rotation runs inside the network boundary: a hybrid worker group or a VNet-integrated function next to the schedules.</summary>
    private static Evidence SecretRotation(EvidenceInput input)
    {
        var model = input.Model;
        var schedules = model.OfType(AzureResourceTypes.JobSchedules.Name).Count();
        var inside = model.OfType(AzureResourceTypes.HybridWorkerGroups.Name).Select(w => w.Name)
            .Concat(model.OfType(AzureResourceTypes.WebSites.Name).Where(s => Str(s.Get("properties.virtualNetworkSubnetId")).Length > 0).Select(s => s.Name)).ToList();
        if (schedules == 0)
        {
            return Evidence.Missing("no rotation schedule in the snapshots");
        }

        return inside.Count > 0
            ? Evidence.Aligned($"{schedules} rotation schedule(s) run on {string.Join(", ", inside)} inside the network boundary")
            : Evidence.Partial($"{schedules} rotation schedule(s), but the runbooks run in Azure Automation's sandbox, which the vault's firewall refuses (not a trusted service): no hybrid worker or VNet-integrated function");
    }

    /// <summary>Databricks audit categories and Key Vault AuditEvent go to Log Analytics.</summary>
    private static Evidence AuditLogging(EvidenceInput input)
    {
        var model = input.Model;
        var settings = model.OfType(AzureResourceTypes.DiagnosticSettings.Name).ToList();
        IReadOnlyList<string> Categories(string type) => model.OfType(type).SelectMany(r => settings.Where(s => s.Id.StartsWith(r.Id + "/providers/", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(s => (s.Get("properties.logs") as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>())
            .Where(l => l["enabled"]?.GetValue<bool>() != false).Select(l => Str(l["category"] ?? l["categoryGroup"])).ToList();
        var databricks = Categories(AzureResourceTypes.DatabricksWorkspaces.Name);
        var vault = Categories(AzureResourceTypes.KeyVaults.Name);
        var parts = new List<Evidence>
        {
            databricks.Contains("accounts") && databricks.Contains("unityCatalog")
                ? Evidence.Aligned($"Databricks diagnostic logs ({string.Join(", ", databricks)})") : Evidence.Missing("the Databricks workspace's accounts/unityCatalog audit logs are not sent to Log Analytics"),
            vault.Contains("AuditEvent") || vault.Contains("audit") || vault.Contains("allLogs")
                ? Evidence.Aligned("Key Vault AuditEvent") : Evidence.Missing("Key Vault audit events are not sent to Log Analytics"),
        };
        return Combine(parts);
    }

    /// <summary>
    /// Unity Catalog records the lineage of the catalog's tables; it is readable once the system.access schema is enabled,
    /// which the deploy does for every system schema lakehouse.yaml declares (unityCatalog.systemSchemas).
    /// </summary>
    private static Evidence Lineage(EvidenceInput input)
    {
        var catalog = input.Model.Environment.Databricks.Catalog;
        if (catalog.Length == 0)
        {
            return Evidence.Missing("no Unity Catalog catalog declared; nothing records lineage");
        }

        var systemSchemas = input.Model.Lakehouse.UnityCatalog.SystemSchemas;
        return systemSchemas.Contains(LineageSystemSchema, StringComparer.Ordinal)
            ? Evidence.Aligned($"the tables live in Unity Catalog catalog {catalog}, which records table and column lineage; the deploy enables system.{LineageSystemSchema} " +
                               $"(lakehouse.yaml unityCatalog.systemSchemas: {string.Join(", ", systemSchemas)}), so system.{LineageSystemSchema}.table_lineage and column_lineage are queryable")
            : Evidence.Partial($"the tables live in Unity Catalog catalog {catalog}, which records lineage, but lakehouse.yaml unityCatalog.systemSchemas does not enable system.{LineageSystemSchema} " +
                               "(table_lineage, column_lineage): add it to read the lineage");
    }

    /// <summary>The metastore system schema that holds Unity Catalog's audit log and table/column lineage.</summary>
    private const string LineageSystemSchema = "access";
}
