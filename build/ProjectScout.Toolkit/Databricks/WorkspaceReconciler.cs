using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>
/// The Databricks half of a phase plan: one plan per kind, in the adapters' order, with the workspace manifest as the
/// plan read it. <paramref name="manifestRoot"/> is empty when the plan did not read the workspace's notebooks (then the
/// manifest is not the plan's to rewrite); <paramref name="rootExists"/> says whether the root was there to list.
/// </summary>
public sealed class WorkspacePlan(IReadOnlyList<(IWorkspaceAdapter Adapter, IAdapterPlan Plan)> kinds, string manifestRoot = "", WorkspaceManifest? manifest = null, bool rootExists = false)
{
    public IReadOnlyList<(IWorkspaceAdapter Adapter, IAdapterPlan Plan)> Kinds => kinds;

    public string ManifestRoot => manifestRoot;

    /// <summary>The manifest as read; null when missing or unreadable.</summary>
    public WorkspaceManifest? Manifest => manifest;

    public bool RootExists => rootExists;

    /// <summary>The manifest with what every kind's plan keeps (the starting point of an apply).</summary>
    public WorkspaceManifest PlannedManifest =>
        kinds.Select(k => k.Plan).OfType<IRecordsInManifest>().Aggregate(manifest ?? WorkspaceManifest.Empty, (current, kind) => kind.Record(current));

    public IReadOnlyList<PlanChange> Changes() => kinds.SelectMany(k => k.Plan.Changes).ToList();

    /// <summary>The plan of one kind.</summary>
    public TPlan Of<TPlan>() where TPlan : IAdapterPlan => kinds.Select(k => k.Plan).OfType<TPlan>().Single();

    /// <summary><paramref name="next"/> when it is to be written: the plan owns the manifest and it differs from what was read.</summary>
    internal WorkspaceManifest? ToWrite(WorkspaceManifest next, bool rootExistsNow) =>
        manifestRoot.Length > 0 && rootExistsNow && (manifest is null || !manifest.SameAs(next)) ? next : null;
}

/// <summary>
/// Reconciles the workspace with the rendered bundle, kind by kind (<see cref="IWorkspaceAdapter"/>): every kind plans
/// concurrently over shared live reads, then each applies in order (scope, policies and notebooks before the jobs that
/// name them, so a job never exists without its notebooks). Every failure is collected and reported once.
/// </summary>
public sealed class WorkspaceReconciler(DatabricksClient client, int parallelism = 16, IReadOnlyList<IWorkspaceAdapter>? adapters = null)
{
    /// <summary>The plane column of the workspace's changes in a plan.</summary>
    public const string Plane = "databricks";

    /// <summary>The kinds the toolkit manages, in plan and apply order.</summary>
    public static IReadOnlyList<IWorkspaceAdapter> DefaultAdapters { get; } =
    [
        new SecretScopeAdapter(),
        // Unity Catalog in dependency order (docs/reference: unity-catalog-and-access.md §0): the metastore preflight,
        // then credential → locations → catalog (isolation, binding) → schemas, and the metastore's system schemas.
        new MetastoreAssignmentAdapter(), new StorageCredentialAdapter(), new ExternalLocationAdapter(), new CatalogAdapter(), new SchemaAdapter(), new SystemSchemaAdapter(),
        new ClusterPolicyAdapter(), new NotebookAdapter(), new JobAdapter(),
        // Access after the objects it governs: the DDL warehouse, grants, tables with masks and filters, object ACLs.
        new SqlWarehouseAdapter(), new UnityCatalogGrantAdapter(), new LakehouseTableAdapter(), new ObjectPermissionAdapter(),
        // Dashboards run on the DDL warehouse (its id comes from the sql-warehouse kind's apply).
        new DashboardAdapter(),
    ];

    private readonly IReadOnlyList<IWorkspaceAdapter> _adapters = adapters ?? DefaultAdapters;

    /// <summary>Plan against an environment whose workspace does not exist yet: everything is a create, no call is made.</summary>
    public static WorkspacePlan PlanForNewWorkspace(WorkspaceBundle bundle, SecretScopeSpec? scope, IReadOnlyList<IWorkspaceAdapter>? adapters = null) =>
        PlanForNewWorkspace(new WorkspaceDesired(bundle, scope), adapters);

    public static WorkspacePlan PlanForNewWorkspace(WorkspaceDesired desired, IReadOnlyList<IWorkspaceAdapter>? adapters = null) =>
        new((adapters ?? DefaultAdapters).Select(a => (a, a.PlanForNewWorkspace(desired))).ToList());

    public Task<WorkspacePlan> PlanAsync(WorkspaceBundle bundle, SecretScopeSpec? scope, CancellationToken ct = default) =>
        PlanAsync(new WorkspaceDesired(bundle, scope), ct);

    public async Task<WorkspacePlan> PlanAsync(WorkspaceDesired desired, CancellationToken ct = default)
    {
        var root = desired.Bundle.NotebookRoot;
        var live = new WorkspaceReads(client, parallelism, root, ct);
        var plans = await Task.WhenAll(_adapters.Select(a => a.PlanAsync(desired, live, ct)));
        var notebooks = plans.OfType<NotebookPlan>().FirstOrDefault(p => p.Verified is not null);
        return new WorkspacePlan(_adapters.Zip(plans).ToList(), notebooks is null ? "" : root, live.ManifestRead ? await live.ManifestAsync() : null,
            notebooks?.ExistingDirectories.Contains(root) == true);
    }

    /// <summary>
    /// For a plan with nothing to apply: the workspace manifest to write when what the plan read differs from it (after
    /// a lost manifest, or the job grants read in turn), so the next plan reads less; null when it is current or the
    /// root does not exist. Only a cache is written, never an object: a concurrent deploy's manifest can only be made
    /// staler, which costs reads, not correctness.
    /// </summary>
    public static WorkspaceManifest? ReadsToRecord(WorkspacePlan plan) => plan.ToWrite(plan.PlannedManifest, plan.RootExists);

    /// <summary>
    /// Applies a plan kind by kind; throws once, listing every failure, when any write failed. <paramref name="progress"/>
    /// hears "n of m change(s) applied" after each kind that had changes.
    /// </summary>
    public async Task ApplyAsync(WorkspacePlan plan, CancellationToken ct = default, Action<string>? progress = null)
    {
        var apply = new WorkspaceApply(client, parallelism) { Manifest = plan.PlannedManifest };
        var (done, total) = (0, plan.Changes().Count(c => c.Action != ChangeAction.NoChange));
        try
        {
            foreach (var (adapter, kindPlan) in plan.Kinds)
            {
                await adapter.ApplyAsync(kindPlan, apply, ct);
                var changed = kindPlan.Changes.Count(c => c.Action != ChangeAction.NoChange);
                if (changed > 0)
                {
                    done += changed;
                    progress?.Invoke($"Databricks: {done} of {total} change(s) applied ({adapter.Kind}: {changed}).");
                }
            }
        }
        finally
        {
            // Also after a kind threw: what the earlier kinds wrote is recorded, so the next plan need not export it.
            if (!ct.IsCancellationRequested && plan.ToWrite(apply.Manifest, plan.RootExists || apply.Manifest.Notebooks.Count > 0) is { } manifest)
            {
                try
                {
                    await manifest.WriteAsync(client, plan.ManifestRoot, ct);
                }
                catch (Exception ex) when (ex is DatabricksApiException or DatabricksTransportException)
                {
                    apply.Fail($"workspace manifest {WorkspaceManifest.PathUnder(plan.ManifestRoot)}: {ex.Message}");
                }
            }
        }

        var failures = apply.Failures;
        if (failures.Count > 0)
        {
            throw new ToolkitException($"{failures.Count} Databricks change(s) failed; re-run to converge (nothing is duplicated):\n  " + string.Join("\n  ", failures.Take(20)));
        }
    }
}
