using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Recovery;

namespace ProjectScout.Build.Tests.Deploy;

public partial class PhaseDeploymentTests
{
    /// <summary>The declared access with the backup catalog, as DeployAll passes it (DeploySession).</summary>
    private AccessDesired AccessWithBackup()
    {
        var layout = new ToolkitLayout { Root = _root };
        var lakehouse = LakehouseLoader.Load(layout);
        return new AccessDesired(GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames), new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load(), _environment,
            lakehouse.UnityCatalog.CatalogSchemas) { Backup = BackupTarget.Of(_environment, lakehouse) };
    }

    /// <summary>
    /// After the three phases: the backup catalog (phase 3) is there with the pipeline's grants, the backup job runs
    /// SUCCESS, and Restore of a gold table to version 0 (its CREATE TABLE) plans exactly one statement.
    /// </summary>
    private async Task AssertBackupRunsAndRestorePlansAsync(AccessDesired access)
    {
        using var client = SandboxHarness.Client(_server);
        var backup = access.Backup!;
        Assert.That((await client.GetGrantsAsync("schema", backup.Catalog + ".gold"))![_environment.Principals.RunAsApplicationId], Is.SupersetOf(new[] { "USE_SCHEMA", "CREATE_TABLE", "SELECT", "MODIFY" }));
        var job = (await SandboxHarness.ManagedJobsAsync(client))["juicer_daily_backup"].Single();
        var run = await client.WaitForRunAsync(await client.RunNowAsync(job), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.That(run.ResultState, Is.EqualTo("SUCCESS"), run.FailedTask?.Message ?? run.Message);

        var lakehouse = LakehouseLoader.Load(new ToolkitLayout { Root = _root });
        var warehouse = await RecoveryWarehouse.ResolveAsync(client, access, null, ArgumentNames.WarehouseId);
        var plan = await new RestorePlanner(_environment, lakehouse, access.Contracts).PlanAsync(
            RestoreRequest.From(new RunSettings { EnvironmentName = "sandbox", RestoreTable = "gold.reconstructed_transcripts", RestoreToVersion = "0" }),
            (sql, ct) => client.RunRecoveryStatementAsync(warehouse, sql, ct));
        Assert.That(plan.Statements.Select(s => s.Sql), Is.EqualTo(new[] { $"RESTORE TABLE `{access.Catalog}`.`gold`.`reconstructed_transcripts` TO VERSION AS OF 0" }));
    }
}
