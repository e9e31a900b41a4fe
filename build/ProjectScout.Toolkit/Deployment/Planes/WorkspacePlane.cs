using ProjectScout.Model.Azure;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks.Adapters;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Deployment.Planes;

/// <summary>
/// The Databricks workspace's content (the rendered bundle), reconciled kind by kind through the workspace adapters
/// (<see cref="WorkspaceReconciler.DefaultAdapters"/>). The workspace, its URL and the Key Vault of the secret scope
/// come from the phase's deployment outputs.
/// </summary>
public sealed class WorkspacePlane : IPlane
{
    public string Name => WorkspaceReconciler.Plane;

    public async Task<PlaneChanges> PlanAsync(PhaseDeployState state, CancellationToken ct)
    {
        var plan = await ConnectAsync(state, ct) is { } workspace
            ? await new WorkspaceReconciler(workspace.Client).PlanAsync(Desired(state, workspace), ct)
            : WorkspaceReconciler.PlanForNewWorkspace(Desired(state, null));
        foreach (var change in plan.Changes().Where(c => c.Drift.Length > 0))
        {
            state.Connection.Log($"warning: databricks {change.Kind} {change.Name} was changed outside the project ({change.Drift}): {change.Detail}");
        }

        if (plan.Kinds.Select(k => k.Plan).OfType<JobPlan>().FirstOrDefault()?.ReadSummary is { } reads)
        {
            state.Connection.Log("Databricks: " + reads + ".");
        }

        return new WorkspaceChanges(this, plan);
    }

    /// <summary>
    /// The workspace's plan, kept for <see cref="RecordReadsAsync"/>, and the jobs whose grants the applied plan read or
    /// wrote (the verification after the apply re-reads those, not the next turn).
    /// </summary>
    private sealed class WorkspaceChanges(IPlane plane, WorkspacePlan plan) : PlaneChanges(plane, plan.Changes())
    {
        public WorkspacePlan Plan => plan;

        public IReadOnlySet<string>? AppliedGrantReads { get; set; }
    }

    public async Task RecordReadsAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct)
    {
        if (planned is not WorkspaceChanges { Plan: var plan } || WorkspaceReconciler.ReadsToRecord(plan) is not { } manifest)
        {
            return;
        }

        try
        {
            if (await ConnectAsync(state, ct) is { } workspace)
            {
                await manifest.WriteAsync(workspace.Client, plan.ManifestRoot, ct);
            }
        }
        catch (Exception ex) when (ex is DatabricksApiException or DatabricksTransportException)
        {
            // A cache the next plan can do without (it reads more): never a reason to fail a verified phase.
            state.Connection.Log($"warning: the workspace manifest {WorkspaceManifest.PathUnder(plan.ManifestRoot)} was not rewritten ({ex.Message}); the next plan reads more.");
        }
    }

    public async Task ApplyAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct)
    {
        var changes = (WorkspaceChanges)planned;
        if (!planned.HasChanges)
        {
            // Nothing to write in the workspace, but the phase applies elsewhere: keep what the plan read.
            changes.AppliedGrantReads = GrantsTouched(changes.Plan);
            await RecordReadsAsync(state, planned, ct);
            return;
        }

        // Planned again under the lock against what is live now: the workspace may have just been created, or another
        // deploy may have run while this one waited.
        var connection = state.Connection;
        var workspace = await ConnectAsync(state, ct) ?? throw new ToolkitException(
            $"The Databricks workspace {connection.Target.Environment.Names.DatabricksWorkspace} does not exist after phase {state.Number}; check the template's workspace resource and its {DeploymentOutputs.DatabricksWorkspaceResourceId} output.");
        var client = workspace.Client;
        var reconciler = new WorkspaceReconciler(client);
        var live = await reconciler.PlanAsync(Desired(state, workspace), ct);

        // What appeared since the plan was approved needs the same approval (a notebook a user put under the root meanwhile).
        Steps.ApproveDestructiveChanges.Approve(new PhasePlan { Environment = connection.EnvironmentName, Phase = state.Number, DeploymentName = state.Inputs.DeploymentName, Changes = live.Changes() }, connection.Options);
        var count = live.Changes().Count(c => c.Action != ChangeAction.NoChange);
        connection.Log($"Databricks {client.Host}: applying {count} change(s) at ≤ {connection.Target.DatabricksRateLimitPerSecond} requests/s…");
        changes.AppliedGrantReads = GrantsTouched(live);
        await reconciler.ApplyAsync(live, ct, connection.Log);
    }

    /// <summary>The jobs whose grants a plan read, and those its apply creates or updates.</summary>
    private static IReadOnlySet<string> GrantsTouched(WorkspacePlan plan) =>
        plan.Kinds.Select(k => k.Plan).OfType<JobPlan>().SelectMany(p => p.GrantsRead.Concat(
            p.Steps.Where(s => s.Desired is not null && s.Action is ChangeAction.Create or ChangeAction.Update).Select(s => s.Desired!.Key))).ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> VerifyAsync(PhaseDeployState state, bool justPlanned, CancellationToken ct)
    {
        if (justPlanned)
        {
            return []; // the plan compared every object a moment ago
        }

        var bundle = Bundle(state);
        if (await ConnectAsync(state, ct) is { } workspace)
        {
            // Right after an apply, the grants that apply's plan read or wrote; on its own (Verify), every job's.
            var applied = state.PlaneChanges.OfType<WorkspaceChanges>().FirstOrDefault()?.AppliedGrantReads;
            var desired = Desired(state, workspace) with { JobPermissionReads = null, JobPermissionReadsOnly = applied };
            var plan = await new WorkspaceReconciler(workspace.Client).PlanAsync(desired, ct);
            return plan.Changes().Where(c => c.Action != ChangeAction.NoChange)
                .Select(c => $"databricks {c.Kind} {c.Name}: {PlanChange.ActionText(c.Action)} still needed{(c.Detail.Length > 0 ? " (" + c.Detail + ")" : "")}")
                .ToList();
        }

        return bundle.Jobs.Count + bundle.Notebooks.Count + bundle.Policies.Count > 0
            ? [$"Databricks workspace {state.Connection.Target.Environment.Names.DatabricksWorkspace} does not exist"]
            : [];
    }

    /// <summary>
    /// What the workspace must hold: the bundle, the secret scope, the rendered Unity Catalog objects (their storage
    /// credential on the access connector the phase's outputs name) and the environment's declared access.
    /// </summary>
    private static WorkspaceDesired Desired(PhaseDeployState state, LiveWorkspace? workspace) =>
        new(Bundle(state), workspace is { } live ? live.Scope : Scope(state))
        {
            // The backup catalog's objects wait for the backup account (BackupCatalogPlane, a later phase).
            Catalog = WithoutBackup(state.Connection, UnityCatalogDesired.Load(state.Connection.Artifacts)).WithAccessConnector(state.Outputs?.Text(DeploymentOutputs.AccessConnectorResourceId) ?? ""),
            WorkspaceId = workspace?.WorkspaceId ?? "",
            Access = state.Connection.Options.Access,
            JobPermissionReads = state.Connection.Options.Access?.Governance.JobPermissionReadsPerDeploy,
        };

    private static UnityCatalogDesired WithoutBackup(DeployConnection connection, UnityCatalogDesired all) =>
        all.SplitByStorageAccount(BackupCatalogPlane.BackupAccount(connection)).Others;

    /// <summary>A deployed workspace: its client, the secret scope on its vault, and its numeric id (the metastore assignment names it).</summary>
    private sealed record LiveWorkspace(DatabricksClient Client, SecretScopeSpec? Scope, string WorkspaceId);

    private static WorkspaceBundle Bundle(PhaseDeployState state) =>
        WorkspaceBundle.Load(state.Connection.Artifacts, state.Connection.Target.Environment.Databricks.NotebookRoot);

    /// <summary>
    /// The client for the workspace whose id the outputs give, at the URL the workspace itself reports (the environment's
    /// databricks.host, when set, wins), and the secret scope on the vault whose id the outputs give; null before the
    /// workspace is deployed.
    /// </summary>
    private static async Task<LiveWorkspace?> ConnectAsync(PhaseDeployState state, CancellationToken ct)
    {
        var (outputs, arm) = (state.Outputs, state.Connection.Arm);
        if (outputs?.Text(DeploymentOutputs.DatabricksWorkspaceResourceId) is not { Length: > 0 } workspaceId)
        {
            return null;
        }

        if (await ConnectWorkspaceAsync(state.Connection, workspaceId, ct) is not { } connected)
        {
            return null;
        }

        if (Scope(state) is not { } scope)
        {
            return new LiveWorkspace(connected.Client, null, connected.NumericId);
        }

        // The scope's DNS name is the vault's own vaultUri (no scope without the vault).
        var vault = await arm.GetResourceAsync(scope.KeyVaultResourceId, AzureResourceTypes.KeyVaults.ApiVersion!, ct);
        return new LiveWorkspace(connected.Client, vault?["properties"]?["vaultUri"]?.ToString() is { Length: > 0 } uri ? scope with { KeyVaultUri = uri } : null, connected.NumericId);
    }

    /// <summary>
    /// The client for the workspace <paramref name="workspaceId"/> at the URL the workspace itself reports (the
    /// environment's databricks.host, when set, wins); null while the workspace has no URL.
    /// </summary>
    public static async Task<DatabricksClient?> ClientAsync(DeployConnection connection, string workspaceId, CancellationToken ct) =>
        (await ConnectWorkspaceAsync(connection, workspaceId, ct))?.Client;

    /// <summary>
    /// The workspace the phase that deploys workspace content recorded: that phase's deployment outputs (from its phase
    /// record on the resource group) and, with <paramref name="connect"/>, the client for the workspace they name (see
    /// <see cref="ClientAsync"/>); nulls before that phase is recorded.
    /// </summary>
    public static async Task<(DeploymentOutputs? Outputs, DatabricksClient? Client)> RecordedWorkspaceAsync(DeployConnection connection, bool connect, CancellationToken ct)
    {
        var phase = DeployPhases.All.First(p => p.Planes.Contains(DeployPhases.Workspace));
        var group = await connection.Tags.ReadAsync(ct);
        var outputs = PhaseRecord.Read(group?.Tags, phase.Number) is { } record ? await DeploymentOutputs.ReadAsync(connection, record.Deployment, ct) : null;
        var workspaceId = outputs?.Text(DeploymentOutputs.DatabricksWorkspaceResourceId) ?? "";
        return (outputs, connect && workspaceId.Length > 0 ? await ClientAsync(connection, workspaceId, ct) : null);
    }

    private static async Task<(DatabricksClient Client, string NumericId)?> ConnectWorkspaceAsync(DeployConnection connection, string workspaceId, CancellationToken ct)
    {
        var configured = connection.Target.Environment.Databricks.Host;
        var workspace = await connection.Arm.GetResourceAsync(workspaceId, AzureResourceTypes.DatabricksWorkspaces.ApiVersion!, ct);
        var reported = workspace?["properties"]?["workspaceUrl"]?.ToString() ?? "";
        // The token goes to this host: a databricks.host that is not the deployed workspace's URL is refused.
        if (configured.Length > 0 && reported.Length > 0 && !SameHost(configured, reported))
        {
            throw new ToolkitException($"databricks.host '{configured}' of environment '{connection.EnvironmentName}' is not the URL of the deployed workspace {workspaceId} (it reports {reported}): correct databricks.host, or leave it empty to use the workspace's own URL.");
        }

        var url = configured.Length > 0 ? configured : reported;
        if (url.Length == 0)
        {
            return null;
        }

        var host = new Uri((url.StartsWith("https://", StringComparison.Ordinal) ? url : "https://" + url).TrimEnd('/') + "/");
        return (connection.Databricks(host, workspaceId), workspace?["properties"]?["workspaceId"]?.ToString() ?? "");
    }

    private static bool SameHost(string a, string b) =>
        string.Equals(HostOf(a), HostOf(b), StringComparison.OrdinalIgnoreCase);

    private static string HostOf(string url) =>
        Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url, UriKind.Absolute, out var uri) ? uri.Authority : url;

    /// <summary>The environment's Key Vault-backed scope on the vault the outputs name (its URI is read from the vault when connecting).</summary>
    private static SecretScopeSpec? Scope(PhaseDeployState state)
    {
        var name = state.Connection.Target.Environment.Databricks.SecretScope;
        return name.Length == 0 ? null : new SecretScopeSpec(name, state.Outputs?.Text(DeploymentOutputs.KeyVaultResourceId) ?? "", "");
    }
}
