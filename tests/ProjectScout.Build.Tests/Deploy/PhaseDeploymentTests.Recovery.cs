using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Recovery;
using ProjectScout.Toolkit.Steps;

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
    /// After the three phases: the recorded workspace (phase record → outputs → client) is reached, the backup catalog
    /// (phase 3) is there with the pipeline's grants, the backup job runs SUCCESS, and the Restore target's logic for a
    /// gold table to version 0 (its CREATE TABLE) plans exactly one statement and runs nothing without --apply.
    /// </summary>
    private async Task AssertBackupRunsAndRestorePlansAsync(AccessDesired access)
    {
        using var deployer = Deployer();
        var (outputs, recorded) = await WorkspacePlane.RecordedWorkspaceAsync(deployer.Connection, connect: true, CancellationToken.None);
        Assert.That(outputs?.Text(DeploymentOutputs.DatabricksWorkspaceResourceId), Does.EndWith("/" + _environment.Names.DatabricksWorkspace));
        using var client = recorded ?? throw new AssertionException("the recorded workspace is reached");
        var backup = access.Backup!;
        Assert.That((await client.GetGrantsAsync("schema", backup.Catalog + ".gold"))![_environment.Principals.RunAsApplicationId], Is.SupersetOf(new[] { "USE_SCHEMA", "CREATE_TABLE", "SELECT", "MODIFY" }));
        var job = (await SandboxHarness.ManagedJobsAsync(client))["juicer_daily_backup"].Single();
        var run = await client.WaitForRunAsync(await client.RunNowAsync(job), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.That(run.ResultState, Is.EqualTo("SUCCESS"), run.FailedTask?.Message ?? run.Message);

        var log = new RunLogLines();
        var state = new BuildState(new ToolkitLayout { Root = _root }, new RunSettings { EnvironmentName = "sandbox", RestoreTable = "gold.reconstructed_transcripts", RestoreToVersion = "0" },
            log, () => throw new AssertionException("no Bicep"));
        state.LoadEnvironments();
        var plan = await RestoreRun.RunAsync(state, _ => Task.FromResult(SandboxSession.For(_server, _environment)), askOnTerminal: null);
        Assert.That(plan.Statements.Select(s => s.Sql), Is.EqualTo(new[] { $"RESTORE TABLE `{access.Catalog}`.`gold`.`reconstructed_transcripts` TO VERSION AS OF 0" }));
        Assert.That(log.Lines[^1], Is.EqualTo($"Restore plan for 'sandbox': 1 statement(s); nothing was run. Pass --{ArgumentNames.Apply} to run them."));
        var warehouse = await RecoveryWarehouse.ResolveAsync(client, access, null, ArgumentNames.WarehouseId);
        var history = await client.RunRecoveryStatementAsync(warehouse, $"DESCRIBE HISTORY `{access.Catalog}`.`gold`.`reconstructed_transcripts` LIMIT 1");
        Assert.That(history.Column("operation").Single(), Is.Not.EqualTo("RESTORE"), "a preview restores nothing");
    }
}
