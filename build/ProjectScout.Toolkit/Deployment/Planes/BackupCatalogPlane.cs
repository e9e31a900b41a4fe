using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Deployment.Planes;

/// <summary>
/// The backup catalog's Unity Catalog objects (its external location on the backup account, the catalog, one schema per
/// layer) and the pipeline's grants on them, deployed in the phase that creates the backup account and gives the access
/// connector its data role there (phase 3): a location is validated against the account when it is created, so phase 1
/// cannot create it. The workspace is the one the workspace plane's phase deployed (its recorded outputs).
/// </summary>
public sealed class BackupCatalogPlane : IPlane
{
    /// <summary>Only the Unity Catalog kinds and the grants: the rest of the workspace is the workspace plane's.</summary>
    private static readonly IReadOnlyList<IWorkspaceAdapter> Adapters =
        WorkspaceReconciler.DefaultAdapters.Where(a => a is ExternalLocationAdapter or CatalogAdapter or SchemaAdapter or UnityCatalogGrantAdapter).ToList();

    public string Name => WorkspaceReconciler.Plane;

    public async Task<PlaneChanges> PlanAsync(PhaseDeployState state, CancellationToken ct)
    {
        var (client, desired) = await ConnectAsync(state, ct);
        var plan = client is null ? WorkspaceReconciler.PlanForNewWorkspace(desired, Adapters) : await new WorkspaceReconciler(client, adapters: Adapters).PlanAsync(desired, ct);
        return new PlaneChanges(this, plan.Changes());
    }

    public async Task ApplyAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct)
    {
        if (!planned.HasChanges)
        {
            return;
        }

        var (client, desired) = await ConnectAsync(state, ct);
        if (client is null)
        {
            throw new ToolkitException($"The backup catalog needs the Databricks workspace {state.Connection.Target.Environment.Names.DatabricksWorkspace}: deploy phase {WorkspacePhase.Number} first.");
        }

        var reconciler = new WorkspaceReconciler(client, adapters: Adapters);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(desired, ct), ct, state.Connection.Log);
    }

    public async Task<IReadOnlyList<string>> VerifyAsync(PhaseDeployState state, bool justPlanned, CancellationToken ct)
    {
        var (client, desired) = await ConnectAsync(state, ct);
        if (justPlanned || client is null || desired.Catalog.Count == 0)
        {
            return [];
        }

        var plan = await new WorkspaceReconciler(client, adapters: Adapters).PlanAsync(desired, ct);
        return plan.Changes().Where(c => c.Action != ChangeAction.NoChange).Select(c => $"databricks {c.Kind} {c.Name}: {PlanChange.ActionText(c.Action)} still needed").ToList();
    }

    /// <summary>The environment's backup storage account, or empty when it has none (storage.backupAccount: false).</summary>
    public static string BackupAccount(DeployConnection connection) =>
        connection.Target.Environment is { Storage.BackupAccount: true } environment ? environment.Names.BackupStorageAccount : "";

    /// <summary>The objects on the backup account; none when the environment has none.</summary>
    public static UnityCatalogDesired OnBackupAccount(DeployConnection connection, UnityCatalogDesired all) =>
        BackupAccount(connection) is { Length: > 0 } account ? all.SplitByStorageAccount(account).OnAccount : UnityCatalogDesired.Empty;

    private static DeployPhase WorkspacePhase => DeployPhases.All.First(p => p.Planes.Contains(DeployPhases.Workspace));

    private static async Task<(DatabricksClient? Client, WorkspaceDesired Desired)> ConnectAsync(PhaseDeployState state, CancellationToken ct)
    {
        var connection = state.Connection;
        var onBackupAccount = OnBackupAccount(connection, UnityCatalogDesired.Load(connection.Artifacts));
        var (outputs, client) = await WorkspacePlane.RecordedWorkspaceAsync(connection, connect: onBackupAccount.Count > 0, ct);
        var catalog = onBackupAccount.WithAccessConnector(outputs?.Text(DeploymentOutputs.AccessConnectorResourceId) ?? "");
        var access = connection.Options.Access?.BackupOnly();
        var desired = new WorkspaceDesired(new WorkspaceBundle { NotebookRoot = "", Notebooks = [], Jobs = [], Policies = [] }, null) { Catalog = catalog, Access = catalog.Count == 0 ? null : access };
        return (client, desired);
    }
}
