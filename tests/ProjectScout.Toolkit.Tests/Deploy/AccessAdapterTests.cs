using ProjectScout.Model.Contracts;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>
/// The access kinds (warehouse, grants, tables with masks and row filters, object ACLs) together against the sandbox over
/// HTTPS, from the repository's governance.yaml, contracts and sandbox environment; the catalog and its layer schemas are
/// made first with SQL, as the Unity Catalog kinds would.
/// </summary>
public class AccessAdapterTests() : SandboxClientFixture("deploy-access")
{
    private AccessDesired _access = null!;
    private WorkspaceBundle _bundle = null!;

    private WorkspaceReconciler Reconciler => new(Client, adapters: [new ClusterPolicyAdapter(), new SqlWarehouseAdapter(), new UnityCatalogGrantAdapter(), new LakehouseTableAdapter(), new ObjectPermissionAdapter()]);

    /// <summary>The repository's declared access for the sandbox environment.</summary>
    public static AccessDesired Declared(bool withDashboard = false)
    {
        var layout = Repository.Layout;
        var lakehouse = LakehouseLoader.Load(layout);
        var environment = new EnvironmentCatalog(layout.Environments).Load("sandbox");
        return new AccessDesired(GovernanceLoader.Load(layout.Governance, lakehouse.LayerNames), new ContractLoader(layout.Contracts, lakehouse.LayerNames).Load(), environment)
        {
            Dashboards = withDashboard ? [Quality.QualityDashboard.Spec(lakehouse, environment.Databricks.Catalog)] : [],
        };
    }

    [SetUp]
    public async Task CatalogAsync()
    {
        _access = Declared();
        _bundle = SandboxHarness.Bundle(jobs: 0, notebooks: 0);
        await Client.MkdirsAsync(_bundle.NotebookRoot);
        var seed = await Client.CreateWarehouseAsync(new System.Text.Json.Nodes.JsonObject { ["name"] = "seed", ["cluster_size"] = "2X-Small" });
        await Client.ExecuteStatementAsync(seed, $"CREATE CATALOG IF NOT EXISTS {_access.Catalog}");
        foreach (var layer in _access.Contracts.Layers)
        {
            await Client.ExecuteStatementAsync(seed, $"CREATE SCHEMA IF NOT EXISTS {_access.Catalog}.{layer}");
        }
    }

    private Task<WorkspacePlan> PlanAsync(bool revoke = false) =>
        Reconciler.PlanAsync(new WorkspaceDesired(_bundle, null) { Access = revoke ? new AccessDesired(_access.Governance, _access.Contracts, _access.Environment) { RevokeUnmanagedGrants = true } : _access });

    private static List<PlanChange> Changed(WorkspacePlan plan) => plan.Changes().Where(c => c.Action != ChangeAction.NoChange).ToList();

    [Test]
    public async Task Access_is_created_then_a_redeploy_plans_nothing_and_hand_made_grant_changes_are_drift_repaired()
    {
        var first = await PlanAsync();
        Assert.That(Changed(first).Select(c => c.Kind).Distinct(), Is.EquivalentTo(new[] { "cluster-policy", "sql-warehouse", "grant", "table", "permissions" }));
        await Reconciler.ApplyAsync(first);

        var before = SandboxHarness.LastSequence(Server);
        var again = await PlanAsync();
        Assert.That(Changed(again), Is.Empty, string.Join("\n", Changed(again).Select(c => $"{c.Kind} {c.Name}: {c.Detail}")));
        Assert.That(SandboxHarness.Writes(Server, before), Is.Empty);

        // Gold: analysts read; bronze: only the pipeline, the analysts hold nothing.
        var analysts = _access.Environment.Principals.Groups["analysts"];
        var gold = await Client.GetGrantsAsync("schema", _access.Catalog + ".gold");
        Assert.That(gold![analysts], Is.EquivalentTo(new[] { "SELECT", "USE_SCHEMA" }));
        var bronze = await Client.GetGrantsAsync("schema", _access.Catalog + ".bronze");
        Assert.That(bronze!.Keys, Is.EqualTo(new[] { _access.Environment.Principals.RunAsApplicationId }));
        Assert.That((await Client.GetGrantsAsync("catalog", _access.Catalog))![analysts], Is.EqualTo(new[] { "USE_CATALOG" }));

        // Every pii and confidential column is masked; the declared row filter is attached.
        foreach (var table in _access.Contracts.Tables)
        {
            var live = (await Client.GetTableAsync(_access.TableName(table.Name)))!;
            foreach (var column in table.Columns.Where(c => c.Classification is not null))
            {
                var mask = live["columns"]!.AsArray().Single(c => c!["name"]!.ToString() == column.Name)!["mask"]?["function_name"]?.ToString();
                Assert.That(mask, Is.EqualTo($"{_access.Catalog}.governance.mask_{column.Classification}_{column.Type}"), $"{table.Name}.{column.Name}");
            }
        }

        var actions = (await Client.GetTableAsync(_access.Catalog + ".platinum.insight_actions"))!;
        Assert.That(actions["row_filter"]!["function_name"]!.ToString(), Is.EqualTo(_access.Catalog + ".governance.filter_platinum_insight_actions_status"));
        var warehouse = (await SqlWarehouseAdapter.FindAsync(Client, _access.WarehouseName, default))!;
        Assert.That((warehouse["warehouse_type"]!.ToString(), warehouse["enable_serverless_compute"]!.GetValue<bool>(), warehouse["auto_stop_mins"]!.GetValue<int>()), Is.EqualTo(("PRO", true, 10)));

        // Drift: a declared grant revoked by hand, a grant to a user nobody declared, a mask dropped, a folder grant added.
        await Client.UpdateGrantsAsync("schema", _access.Catalog + ".gold", [(analysts, [], ["SELECT"])]);
        await Client.UpdateGrantsAsync("schema", _access.Catalog + ".silver", [("someone@example.com", ["SELECT"], [])]);
        var seed = (await SqlWarehouseAdapter.FindAsync(Client, "seed", default))!["id"]!.ToString();
        await Client.ExecuteStatementAsync(seed, $"ALTER TABLE {_access.Catalog}.gold.reconstructed_transcripts ALTER COLUMN customer_id DROP MASK");
        var folder = (await Client.GetStatusAsync(_bundle.NotebookRoot))!["object_id"]!.ToString();
        await Client.UpdatePermissionsAsync("directories", folder, [new Principal("user_name", "someone@example.com").Grant("CAN_MANAGE")]);

        var drift = await PlanAsync();
        var changed = Changed(drift);
        Assert.That(changed.Select(c => (c.Kind, c.Name, c.Drift)), Is.EquivalentTo(new[]
        {
            ("grant", $"schema {_access.Catalog}.gold", DriftKinds.Grants),
            ("table", $"{_access.Catalog}.gold.reconstructed_transcripts", ""),
            ("permissions", $"directories {_bundle.NotebookRoot}", DriftKinds.Permissions),
        }));
        var silver = drift.Changes().Single(c => c.Name == $"schema {_access.Catalog}.silver");
        Assert.That((silver.Action, silver.Drift), Is.EqualTo((ChangeAction.NoChange, DriftKinds.UnmanagedGrants)));
        Assert.That(silver.Detail, Does.Contain("someone@example.com: SELECT").And.Contain("--revoke-unmanaged-grants"));

        await Reconciler.ApplyAsync(drift);
        Assert.That((await Client.GetGrantsAsync("schema", _access.Catalog + ".gold"))![analysts], Does.Contain("SELECT"));
        Assert.That((await Client.GetGrantsAsync("schema", _access.Catalog + ".silver"))!.ContainsKey("someone@example.com"), Is.True, "unmanaged grants stay without the flag");
        Assert.That(Changed(await PlanAsync()), Is.Empty);

        var revoke = await PlanAsync(revoke: true);
        Assert.That(Changed(revoke).Select(c => c.Name), Is.EqualTo(new[] { $"schema {_access.Catalog}.silver" }));
        await Reconciler.ApplyAsync(revoke);
        Assert.That((await Client.GetGrantsAsync("schema", _access.Catalog + ".silver"))!.ContainsKey("someone@example.com"), Is.False);
    }

    [Test]
    public async Task A_failed_statement_comes_back_inside_http_200_and_is_reported_with_the_service_message()
    {
        var seed = (await SqlWarehouseAdapter.FindAsync(Client, "seed", default))!["id"]!.ToString();
        var several = Assert.ThrowsAsync<SqlStatementException>(() => Client.ExecuteStatementAsync(seed, $"CREATE SCHEMA IF NOT EXISTS {_access.Catalog}.a; CREATE SCHEMA IF NOT EXISTS {_access.Catalog}.b"));
        Assert.That((several!.State, several.ErrorCode), Is.EqualTo(("FAILED", "BAD_REQUEST")));
        Assert.That(several.Message, Does.Contain("[PARSE_SYNTAX_ERROR]"));
        var missing = Assert.ThrowsAsync<SqlStatementException>(() => Client.ExecuteStatementAsync(seed, $"ALTER TABLE {_access.Catalog}.gold.nope ALTER COLUMN x SET MASK {_access.Catalog}.governance.f"));
        Assert.That(missing!.Message, Does.Contain("[TABLE_OR_VIEW_NOT_FOUND]"));
        Assert.That((await Client.GetGrantsAsync("schema", _access.Catalog + ".a")), Is.Null, "nothing of the rejected text ran");
    }
}
