using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>A Key Vault-backed secret scope the workspace must have.</summary>
public sealed record SecretScopeSpec(string Name, string KeyVaultResourceId, string KeyVaultUri);

/// <summary>What the workspace must hold: the rendered bundle and, when the environment has one, its secret scope.</summary>
public sealed record WorkspaceDesired(WorkspaceBundle Bundle, SecretScopeSpec? Scope)
{
    /// <summary>The environment's declared access (grants, tables with masks, warehouse, ACLs); null manages none of it.</summary>
    public Governance.AccessDesired? Access { get; init; }

    /// <summary>The Unity Catalog objects (credential, locations, catalog, schemas, system schemas), access connector resolved.</summary>
    public UnityCatalog.UnityCatalogDesired Catalog { get; init; } = UnityCatalog.UnityCatalogDesired.Empty;

    /// <summary>The workspace's numeric id as ARM reports it (named in the metastore-assignment step); empty before it exists.</summary>
    public string WorkspaceId { get; init; } = "";

    /// <summary>Jobs whose grants a plan reads in turn (<see cref="JobPermissionRotation"/>); null reads every job's.</summary>
    public int? JobPermissionReads { get; init; }

    /// <summary>When set, the plan reads the grants of exactly these jobs (the verification right after an apply).</summary>
    public IReadOnlySet<string>? JobPermissionReadsOnly { get; init; }
}

/// <summary>One kind's share of a workspace plan: its changes, with what its apply needs (live ids, existing folders).</summary>
public interface IAdapterPlan
{
    IReadOnlyList<PlanChange> Changes { get; }
}

/// <summary>
/// One kind of workspace object (job, cluster policy, notebook, secret scope…): how it is found live, compared with the
/// bundle and written. A new kind (catalog, schema, grant, warehouse…) is one more adapter in <see cref="WorkspaceReconciler.DefaultAdapters"/>.
/// </summary>
public interface IWorkspaceAdapter
{
    /// <summary>The kind shown in the plan (job, cluster-policy…).</summary>
    string Kind { get; }

    /// <summary>Plan against a workspace that does not exist yet: everything is a create, no call is made.</summary>
    IAdapterPlan PlanForNewWorkspace(WorkspaceDesired desired);

    /// <summary>Reads the live objects of this kind (through <paramref name="live"/> for lists other kinds share) and compares them with the bundle.</summary>
    Task<IAdapterPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct);

    /// <summary>Writes what the plan says; failures go to <paramref name="apply"/> so every kind still runs.</summary>
    Task ApplyAsync(IAdapterPlan plan, WorkspaceApply apply, CancellationToken ct);
}

/// <summary>The typed base of an adapter: its plan type, and plan changes of its kind.</summary>
public abstract class WorkspaceAdapter<TPlan> : IWorkspaceAdapter where TPlan : class, IAdapterPlan
{
    public abstract string Kind { get; }

    public abstract TPlan PlanForNewWorkspace(WorkspaceDesired desired);

    public abstract Task<TPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct);

    public abstract Task ApplyAsync(TPlan plan, WorkspaceApply apply, CancellationToken ct);

    IAdapterPlan IWorkspaceAdapter.PlanForNewWorkspace(WorkspaceDesired desired) => PlanForNewWorkspace(desired);

    async Task<IAdapterPlan> IWorkspaceAdapter.PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct) => await PlanAsync(desired, live, ct);

    Task IWorkspaceAdapter.ApplyAsync(IAdapterPlan plan, WorkspaceApply apply, CancellationToken ct) => ApplyAsync((TPlan)plan, apply, ct);

    protected PlanChange Change(string name, ChangeAction action, string detail = "") => new(WorkspaceReconciler.Plane, Kind, name, action, detail);

    protected const string NotDeployedYet = "workspace not deployed yet";
}

/// <summary>A kind's plan that keeps what it read in the workspace manifest, so the next plan reads less.</summary>
public interface IRecordsInManifest
{
    /// <summary><paramref name="current"/> with this kind's section as the plan found it.</summary>
    WorkspaceManifest Record(WorkspaceManifest current);
}

/// <summary>Live lists more than one kind reads, fetched once per plan (jobs map policy ids through the policy list).</summary>
public sealed class WorkspaceReads(DatabricksClient client, int parallelism, string root, CancellationToken ct)
{
    private readonly Lazy<Task<IReadOnlyList<JsonObject>>> _policies = new(() => client.ListPoliciesAsync(ct));
    private readonly Lazy<Task<JsonObject?>> _metastore = new(() => client.GetCurrentMetastoreAssignmentAsync(ct));
    private readonly Lazy<Task<WorkspaceManifest?>> _manifest = new(() => root.Length == 0 ? Task.FromResult<WorkspaceManifest?>(null) : WorkspaceManifest.ReadAsync(client, root, ct));

    public DatabricksClient Client => client;

    /// <summary>When the plan started (Unix milliseconds): the time recorded for what it read.</summary>
    public long Now { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The workspace manifest under the notebook root, read once per plan; null when missing, unreadable or there is no root.</summary>
    public Task<WorkspaceManifest?> ManifestAsync() => _manifest.Value;

    /// <summary>Whether some kind read the manifest (only then is it the plan's to rewrite).</summary>
    public bool ManifestRead => _manifest.IsValueCreated;

    public Task<IReadOnlyList<JsonObject>> PoliciesAsync() => _policies.Value;

    /// <summary>The workspace's metastore assignment, read once per plan; null when the workspace has none.</summary>
    public Task<JsonObject?> MetastoreAssignmentAsync() => _metastore.Value;

    public ParallelOptions Parallel(CancellationToken token) => new() { MaxDegreeOfParallelism = parallelism, CancellationToken = token };
}

/// <summary>
/// One apply run shared by the kinds: the client, the parallelism, the policy ids jobs resolve their placeholders to,
/// and every failure (collected, reported once at the end, so one bad object does not stop the others).
/// </summary>
public sealed class WorkspaceApply(DatabricksClient client, int parallelism)
{
    private readonly ConcurrentQueue<string> _failures = new();

    public DatabricksClient Client => client;

    /// <summary>placeholder (policy:&lt;key&gt;) → live policy id; filled by the cluster-policy kind, read by jobs.</summary>
    public ConcurrentDictionary<string, string> PolicyIds { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Failures => _failures.Order(StringComparer.Ordinal).ToList();

    /// <summary>The DDL warehouse's id: set by the sql-warehouse kind, read by the table kind and the warehouse's ACL.</summary>
    public string? WarehouseId { get; set; }

    /// <summary>
    /// The workspace manifest as the kinds leave it: the plan's (<see cref="WorkspacePlan.PlannedManifest"/>), updated by
    /// each kind's apply (kinds apply one after another), written once every kind applied.
    /// </summary>
    public WorkspaceManifest Manifest { get; set; } = WorkspaceManifest.Empty;

    /// <summary>Workspace paths whose write failed (a job naming one is not created or updated: it would run without its notebook).</summary>
    public ConcurrentDictionary<string, byte> FailedPaths { get; } = new(StringComparer.Ordinal);

    public void Fail(string failure) => _failures.Enqueue(failure);

    public ParallelOptions Parallel(CancellationToken ct) => new() { MaxDegreeOfParallelism = parallelism, CancellationToken = ct };

    /// <summary>Runs one write; an API or transport failure is recorded against <paramref name="what"/>. False when it failed.</summary>
    public async Task<bool> GuardAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is DatabricksApiException or DatabricksTransportException or SqlStatementException)
        {
            _failures.Enqueue($"{what}: {ex.Message}");
            return false;
        }
    }

    /// <summary><see cref="GuardAsync(string, Func{Task})"/> for a SQL statement (its FAILED state is a failure like an API error).</summary>
    public Task<bool> GuardSqlAsync(string what, Func<Task> statement) => GuardAsync(what, statement);
}
