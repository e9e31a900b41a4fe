using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>
/// The Databricks half of a phase plan: one plan per kind, in the adapters' order, with the workspace manifest as the
/// plan read it (<paramref name="manifestRoot"/> empty when no kind read it: then it is not the plan's to rewrite).
/// </summary>
public sealed class WorkspacePlan(IReadOnlyList<(IWorkspaceAdapter Adapter, IAdapterPlan Plan)> kinds, string manifestRoot = "", WorkspaceManifest? manifest = null)
{
    public IReadOnlyList<(IWorkspaceAdapter Adapter, IAdapterPlan Plan)> Kinds => kinds;

    public string ManifestRoot => manifestRoot;

    public WorkspaceManifest? Manifest => manifest;

    public IReadOnlyList<PlanChange> Changes() => kinds.SelectMany(k => k.Plan.Changes).ToList();

    /// <summary>The plan of one kind.</summary>
    public TPlan Of<TPlan>() where TPlan : IAdapterPlan => kinds.Select(k => k.Plan).OfType<TPlan>().Single();
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
        // The manifest is the plan's to rewrite only when the root exists (its notebooks were listed or compared).
        return new WorkspacePlan(_adapters.Zip(plans).ToList(), plans.OfType<NotebookPlan>().Any(p => p.Verified is not null) ? root : "",
            live.ManifestRead ? await live.ManifestAsync() : null);
    }

    /// <summary>
    /// For a plan with nothing to apply: the workspace manifest to write when what the plan read differs from it (after
    /// a lost manifest, or the job grants read in turn), so the next plan reads less; null when it is current. Only a
    /// cache is written, never an object: a concurrent deploy's manifest can only be made staler, which costs reads,
    /// not correctness.
    /// </summary>
    public static WorkspaceManifest? ReadsToRecord(WorkspacePlan plan)
    {
        var sections = new ManifestSections();
        foreach (var kind in plan.Kinds.Select(k => k.Plan).OfType<IRecordsInManifest>())
        {
            kind.RecordPlanned(sections);
        }

        return plan.ManifestRoot.Length > 0 ? sections.ToWrite(plan.Manifest) : null;
    }

    /// <summary>
    /// Applies a plan kind by kind; throws once, listing every failure, when any write failed. <paramref name="progress"/>
    /// hears "n of m change(s) applied" after each kind that had changes.
    /// </summary>
    public async Task ApplyAsync(WorkspacePlan plan, CancellationToken ct = default, Action<string>? progress = null)
    {
        var apply = new WorkspaceApply(client, parallelism);
        var (done, total) = (0, plan.Changes().Count(c => c.Action != ChangeAction.NoChange));
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

        try
        {
            if (plan.ManifestRoot.Length > 0 && apply.Manifest.ToWrite(plan.Manifest) is { } manifest)
            {
                await manifest.WriteAsync(client, plan.ManifestRoot, ct);
            }
        }
        catch (Exception ex) when (ex is DatabricksApiException or DatabricksTransportException)
        {
            apply.Fail($"workspace manifest {WorkspaceManifest.PathUnder(plan.ManifestRoot)}: {ex.Message}");
        }

        var failures = apply.Failures;
        if (failures.Count > 0)
        {
            throw new ToolkitException($"{failures.Count} Databricks change(s) failed; re-run to converge (nothing is duplicated):\n  " + string.Join("\n  ", failures.Take(20)));
        }
    }
}
