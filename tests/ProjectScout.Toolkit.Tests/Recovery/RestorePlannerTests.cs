using ProjectScout.Model.Diagnostics;
using ProjectScout.Tests;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Recovery;

namespace ProjectScout.Toolkit.Tests.Recovery;

/// <summary>Restore planning and running against the sandbox over HTTP: table versions, RESTORE, the backup clone, bad input.</summary>
[TestFixture]
public sealed class RestorePlannerTests() : SandboxClientFixture("restore")
{
    private static readonly DateTimeOffset First = new(2026, 8, 1, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_table_is_planned_checked_against_its_history_restored_and_cloned_back_from_backup()
    {
        var environment = new EnvironmentCatalog(Repository.Layout.Environments).Load("sandbox");
        var lakehouse = LakehouseLoader.Load(Repository.Layout);
        var contracts = new ContractLoader(Repository.Layout.Contracts, lakehouse.LayerNames).Load();
        var catalog = environment.Databricks.Catalog;
        Server.DatabricksStore.SeedTableVersions(catalog, "gold", "reconstructed_transcripts", 4, First, TimeSpan.FromHours(24));
        Server.DatabricksStore.SeedTableVersions(catalog, "gold", "transcript_brands", 2, First, TimeSpan.FromHours(24));
        var planner = new RestorePlanner(environment, lakehouse, contracts);
        var access = new AccessDesired(GovernanceLoader.Load(Repository.Layout.Governance, lakehouse.LayerNames), contracts, environment);
        Assert.That(Assert.ThrowsAsync<ToolkitException>(() => RecoveryWarehouse.ResolveAsync(Client, access, null, "warehouse-id"))!.Message,
            Does.Contain($"SQL warehouse {access.WarehouseName}").And.Contain("--warehouse-id=<id>"), "no declared warehouse deployed yet");
        var created = await Client.CreateWarehouseAsync(SqlWarehouseAdapter.Settings(access));
        var warehouse = await RecoveryWarehouse.ResolveAsync(Client, access, null, "warehouse-id");
        Assert.That(warehouse, Is.EqualTo(created), "Restore runs on the declared warehouse, found by its name");
        RunStatement run = (sql, ct) => Client.RunRecoveryStatementAsync(warehouse, sql, ct);

        var plan = await planner.PlanAsync(Request(table: "gold.reconstructed_transcripts", version: "1"), run);
        Assert.That(plan.Statements.Select(s => s.Sql), Is.EqualTo(new[] { $"RESTORE TABLE `{catalog}`.`gold`.`reconstructed_transcripts` TO VERSION AS OF 1" }));

        await RestorePlanner.ApplyAsync(plan, run, _ => { });
        var history = await Client.RunRecoveryStatementAsync(warehouse, $"DESCRIBE HISTORY `{catalog}`.`gold`.`reconstructed_transcripts` LIMIT 1");
        Assert.That((history.Column("version").Single(), history.Column("operation").Single()), Is.EqualTo(("4", "RESTORE")), "RESTORE is a new commit");

        var beyond = Assert.ThrowsAsync<ToolkitException>(() => planner.PlanAsync(Request(table: "gold.reconstructed_transcripts", version: "9"), run));
        Assert.That(beyond!.Message, Does.Contain("has versions 0 to 4"));
        var direct = await Client.RunRecoveryStatementAsync(warehouse, $"RESTORE TABLE `{catalog}`.`gold`.`reconstructed_transcripts` TO VERSION AS OF 9");
        Assert.That((direct.State, direct.Message), Is.EqualTo(("FAILED", "[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version 9. Available versions: [0, 4]. SQLSTATE: 22003")));

        var layer = await planner.PlanAsync(Request(layer: "gold", timestamp: "2026-08-02T02:00:00Z"), run);
        Assert.That(layer.Statements.Select(s => (s.Table.ToString(), s.From)), Is.EqualTo(new[]
        {
            ("gold.reconstructed_transcripts", "version 1 (as of 2026-08-02 02:00:00Z)"),
            ("gold.transcript_brands", "version 1 (as of 2026-08-02 02:00:00Z)"),
        }));

        var backup = BackupTarget.Of(environment, lakehouse)!;
        var missing = Assert.ThrowsAsync<ToolkitException>(() => planner.PlanAsync(Request(table: "gold.transcript_brands", fromBackup: true), run));
        Assert.That(missing!.Message, Does.Contain("TABLE_OR_VIEW_NOT_FOUND"), "no backup taken yet");
        var clone = await Client.RunRecoveryStatementAsync(warehouse, $"CREATE OR REPLACE TABLE `{backup.Catalog}`.`gold`.`transcript_brands` DEEP CLONE `{catalog}`.`gold`.`transcript_brands`");
        Assert.That(clone.State, Is.EqualTo("FAILED"), "the backup schema must exist first: " + clone.Message);
        Server.DatabricksStore.SeedTableVersions(backup.Catalog, "gold", "transcript_brands", 1, First, TimeSpan.FromHours(1));
        var restoreFromBackup = await planner.PlanAsync(Request(table: "gold.transcript_brands", fromBackup: true), run);
        Assert.That(restoreFromBackup.Statements.Single().Sql, Is.EqualTo($"CREATE OR REPLACE TABLE `{catalog}`.`gold`.`transcript_brands` DEEP CLONE `{backup.Catalog}`.`gold`.`transcript_brands`"));
        await RestorePlanner.ApplyAsync(restoreFromBackup, run, _ => { });
    }

    [TestCase(null, null, "1", null, false, "exactly one of --table")]
    [TestCase("gold.reconstructed_transcripts", null, "1", "2026-08-01T00:00:00Z", false, "more than one was given")]
    [TestCase("gold.reconstructed_transcripts", null, "x", null, false, "takes a table version")]
    [TestCase("gold.reconstructed_transcripts", null, null, "yesterday", false, "takes an ISO 8601 time")]
    public void Bad_arguments_are_refused_in_one_line(string? table, string? layer, string? version, string? timestamp, bool fromBackup, string says)
    {
        var error = Assert.Throws<ToolkitException>(() => Request(table, layer, version, timestamp, fromBackup));
        Assert.That(error!.Message, Does.Contain(says).And.Not.Contain("\n"));
    }

    [Test]
    public void An_unknown_table_or_layer_is_refused_before_any_statement()
    {
        var environment = new EnvironmentCatalog(Repository.Layout.Environments).Load("sandbox");
        var lakehouse = LakehouseLoader.Load(Repository.Layout);
        var planner = new RestorePlanner(environment, lakehouse, new ContractLoader(Repository.Layout.Contracts, lakehouse.LayerNames).Load());
        RunStatement run = (_, _) => throw new AssertionException("no statement may run");

        Assert.That(Assert.ThrowsAsync<ToolkitException>(() => planner.PlanAsync(Request(table: "gold.nope", version: "1"), run))!.Message, Does.Contain("no contract declares that table"));
        Assert.That(Assert.ThrowsAsync<ToolkitException>(() => planner.PlanAsync(Request(layer: "copper", version: "1"), run))!.Message, Does.Contain("not a layer"));
    }

    private static RestoreRequest Request(string? table = null, string? layer = null, string? version = null, string? timestamp = null, bool fromBackup = false) =>
        RestoreRequest.From(new RunSettings
        {
            EnvironmentName = "sandbox",
            RestoreTable = table,
            RestoreLayer = layer,
            RestoreToVersion = version,
            RestoreToTimestamp = timestamp,
            RestoreFromBackup = fromBackup,
        });
}
