using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>The switches of one deploy run (from RunSettings) and who is deploying.</summary>
public sealed record DeployOptions
{
    public bool WhatIf { get; init; }
    public bool AllowDelete { get; init; }
    public string RunId { get; init; } = "";
    public string Owner { get; init; } = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId}";
    public string Version { get; init; } = "";
    public string Commit { get; init; } = "";
    public LockSettings Lock { get; init; } = new();

    /// <summary>The phase whose deploy also reconciles the Databricks workspace content (see docs/deployment.md).</summary>
    public int DatabricksPhase { get; init; } = 1;
}

/// <summary>What a phase run did.</summary>
public sealed record PhaseOutcome(PhasePlan Plan, bool Applied, bool Recorded);

/// <summary>
/// One phase: plan (ARM what-if + Databricks plan) → apply → verify → record, under the environment's lock. A run whose
/// plan has no change and whose record is current writes nothing and takes no lock.
/// </summary>
public sealed class PhaseDeployer : IDisposable
{
    private const string WorkspaceApiVersion = "2024-05-01";
    private const string KeyVaultApiVersion = "2023-07-01";

    private readonly DeployTarget _target;
    private readonly EnvironmentArtifacts _artifacts;
    private readonly DeployOptions _options;
    private readonly Action<string> _log;
    private readonly Func<string, string> _display;
    private readonly ResourceGroupTags _tags;
    private DatabricksClient? _databricks;

    public PhaseDeployer(DeployTarget target, EnvironmentArtifacts artifacts, DeployOptions options, Action<string> log, Func<string, string> display)
    {
        _target = target;
        _artifacts = artifacts;
        _options = options;
        _log = log;
        _display = display;
        Arm = target.CreateArmClient();
        _tags = new ResourceGroupTags(Arm, target.Scope, target.Environment);
    }

    public ArmClient Arm { get; }

    private string EnvironmentName => _target.Environment.Name;

    public async Task<PhaseOutcome> DeployAsync(int phase, CancellationToken ct = default)
    {
        var inputs = PhaseInputs.Load(_artifacts, EnvironmentName, phase, _display);
        var group = await _tags.ReadAsync(ct);
        if (_options.WhatIf && !IsPreviousPhaseRecorded(phase, group))
        {
            // A preview of phase N needs phase N-1's resources (its template refers to them), so on an environment that
            // is not that far yet there is nothing honest to show: say so instead of failing a first pipeline run.
            DeleteStalePlan(phase);
            _log($"Phase {phase} cannot be previewed yet: phase {phase - 1} is not recorded in '{EnvironmentName}' and phase {phase}'s template refers to its resources. " +
                 $"Nothing was planned or written; deploy phase {phase - 1} first.");
            return new PhaseOutcome(new PhasePlan { Environment = EnvironmentName, Phase = phase, DeploymentName = inputs.DeploymentName, Changes = [] }, Applied: false, Recorded: false);
        }

        RequirePreviousPhase(phase, group);

        var (plan, workspace) = await PlanAsync(inputs, group, ct);
        WritePlan(plan);
        foreach (var line in plan.ToConsoleLines())
        {
            _log(line);
        }

        RefuseStatefulDeletes(plan, _options.AllowDelete);
        if (_options.WhatIf)
        {
            _log($"--what-if: stopping after the plan ({_display(Path.Combine(_artifacts.Plan, $"phase{phase}.json"))}).");
            return new PhaseOutcome(plan, Applied: false, Recorded: false);
        }

        var record = PhaseRecord.Read(group?.Tags, phase);
        if (!plan.HasChanges && record?.Deployment == inputs.DeploymentName)
        {
            // The plan just compared every Databricks object and published runbook text; only the ARM side is read again.
            await VerifyOrThrowAsync(inputs, ct, justPlanned: true);
            _log($"Phase {phase} is up to date (recorded {record.Time.UtcDateTime:yyyy-MM-dd HH:mm}Z, commit {record.Commit}); verified, nothing written.");
            return new PhaseOutcome(plan, Applied: false, Recorded: false);
        }

        await using var lease = await DeploymentLock.AcquireAsync(_tags, EnvironmentName, _options.Owner, _options.RunId, _options.Lock, _log, ct);
        DeploymentResult? result = null;
        if (plan.Arm.Any(c => c.Action != ChangeAction.NoChange))
        {
            _log($"Deploying {inputs.DeploymentName} to resource group {_target.Scope.ResourceGroup} (Incremental)…");
            result = await Arm.DeployAsync(_target.Scope, inputs.DeploymentName, inputs.Template, inputs.Parameters, ct);
            _log($"ARM deployment {result.Name}: {result.ProvisioningState}.");
        }

        if (plan.Changes.Any(c => c.Plane == RunbookPublisher.Plane && c.Action != ChangeAction.NoChange))
        {
            // The deployment's runbookNames output names what to publish; planned again against what is live now.
            var deployment = result ?? await Arm.GetDeploymentAsync(_target.Scope, inputs.DeploymentName, ct);
            var names = deployment is null ? RunbookPublisher.DeclaredNames(inputs.Template) : RunbookPublisher.OutputNames(deployment);
            var runbooks = RunbookPublisher.Load(_artifacts, names, EnvironmentName, _display);
            var publisher = Runbooks(inputs);
            var published = await publisher.ApplyAsync(runbooks, await publisher.PlanAsync(runbooks, ct), ct);
            _log($"Runbooks of {_target.Environment.Names.AutomationAccount}: {published} uploaded and published, {runbooks.Count - published} already current.");
        }

        if (phase == _options.DatabricksPhase && plan.Databricks.Any())
        {
            // Planned again under the lock against what is live now: the workspace may have just been created, or
            // another deploy may have run while this one waited.
            var (client, scope) = await ConnectDatabricksAsync(inputs, ct) ?? throw new ToolkitException(
                $"The Databricks workspace {_target.Environment.Names.DatabricksWorkspace} does not exist after phase {phase}; check the template's workspace resource.");
            var reconciler = new WorkspaceReconciler(client);
            var live = await reconciler.PlanAsync(workspace!, scope, ct);
            var changes = live.Changes().Count(c => c.Action != ChangeAction.NoChange);
            _log($"Databricks {client.Host}: applying {changes} change(s) at ≤ {(_target.DatabricksRateLimit ?? _target.Environment.Databricks.RateLimitPerSecond)} requests/s…");
            await reconciler.ApplyAsync(live, ct);
        }

        await VerifyOrThrowAsync(inputs, ct);
        var written = new PhaseRecord(phase, inputs.DeploymentName, _options.Version, _options.Commit, DateTimeOffset.UtcNow, _options.RunId);
        await _tags.UpdateAsync(t => t[PhaseRecord.TagName(phase)] = written.Format(), ct);
        _log($"Phase {phase} deployed, verified and recorded (tag {PhaseRecord.TagName(phase)} on {_target.Scope.ResourceGroup}).");
        return new PhaseOutcome(plan, Applied: true, Recorded: true);
    }

    /// <summary>Verify on its own: every recorded phase is checked against its snapshot and the bundle.</summary>
    public async Task<IReadOnlyList<int>> VerifyRecordedAsync(CancellationToken ct = default)
    {
        var group = await _tags.ReadAsync(ct) ?? throw new ToolkitException(
            $"Resource group {_target.Scope.ResourceGroup} does not exist: nothing is deployed to '{EnvironmentName}'. Run ./build.sh --target=DeployAll --environment={EnvironmentName}.");
        var phases = Enumerable.Range(1, PhaseInputs.PhaseCount).Where(p => PhaseRecord.Read(group.Tags, p) is not null).ToList();
        if (phases.Count == 0)
        {
            throw new ToolkitException($"No phase is recorded as deployed in '{EnvironmentName}'. Run ./build.sh --target=DeployPhase1 --environment={EnvironmentName}.");
        }

        foreach (var phase in phases)
        {
            var inputs = PhaseInputs.Load(_artifacts, EnvironmentName, phase, _display);
            var recorded = PhaseRecord.Read(group.Tags, phase)!;
            var hint = recorded.Deployment == inputs.DeploymentName
                ? ""
                : $"\n  (the compiled phase {phase} is {inputs.DeploymentName}, the environment has {recorded.Deployment}: run ./build.sh --target=DeployPhase{phase} --environment={EnvironmentName})";
            await VerifyOrThrowAsync(inputs, ct, hint);
            _log($"Phase {phase}: verified.");
        }

        return phases;
    }

    private static bool IsPreviousPhaseRecorded(int phase, ResourceGroupInfo? group) =>
        phase == 1 || PhaseRecord.Read(group?.Tags, phase - 1) is not null;

    private void DeleteStalePlan(int phase)
    {
        foreach (var extension in new[] { ".json", ".md" })
        {
            File.Delete(Path.Combine(_artifacts.Plan, $"phase{phase}{extension}"));
        }
    }

    private void RequirePreviousPhase(int phase, ResourceGroupInfo? group)
    {
        if (!IsPreviousPhaseRecorded(phase, group))
        {
            throw new ToolkitException(
                $"Phase {phase - 1} is not recorded as deployed in '{EnvironmentName}' (tag {PhaseRecord.TagName(phase - 1)} on resource group {_target.Scope.ResourceGroup}); " +
                $"run ./build.sh --target=DeployPhase{phase - 1} --environment={EnvironmentName} first.");
        }
    }

    private async Task<(PhasePlan Plan, WorkspaceBundle? Workspace)> PlanAsync(PhaseInputs inputs, ResourceGroupInfo? group, CancellationToken ct)
    {
        var changes = new List<PlanChange>();
        if (group is null)
        {
            changes.Add(new PlanChange("arm", "Microsoft.Resources/resourceGroups", _target.Scope.ResourceGroup, ChangeAction.Create));
            changes.AddRange(inputs.Predicted.Select(r => new PlanChange("arm", r.Type, r.IsUnresolved ? r.Name : r.Id, ChangeAction.Create)));
        }
        else
        {
            await Arm.ValidateAsync(_target.Scope, inputs.DeploymentName, inputs.Template, inputs.Parameters, ct);
            var whatIf = await Arm.WhatIfAsync(_target.Scope, inputs.DeploymentName, inputs.Template, inputs.Parameters, ct);
            changes.AddRange(whatIf.Select(ToPlanChange).OfType<PlanChange>());
        }

        if (RunbookPublisher.DeclaredNames(inputs.Template) is { Count: > 0 } runbookNames)
        {
            var runbooks = RunbookPublisher.Load(_artifacts, runbookNames, EnvironmentName, _display);
            var publisher = Runbooks(inputs);
            changes.AddRange(group is null ? publisher.PlanForNewAccount(runbooks) : await publisher.PlanAsync(runbooks, ct));
        }

        WorkspaceBundle? bundle = null;
        if (inputs.Phase == _options.DatabricksPhase)
        {
            bundle = WorkspaceBundle.Load(_artifacts, _target.Environment.Databricks.NotebookRoot);
            var connection = group is null ? null : await ConnectDatabricksAsync(inputs, ct);
            var workspacePlan = connection is { } c
                ? await new WorkspaceReconciler(c.Client).PlanAsync(bundle, c.Scope, ct)
                : WorkspaceReconciler.PlanForNewWorkspace(bundle, PlannedScope(null));
            changes.AddRange(workspacePlan.Changes());
        }

        return (new PhasePlan { Environment = EnvironmentName, Phase = inputs.Phase, DeploymentName = inputs.DeploymentName, Changes = changes }, bundle);
    }

    internal static PlanChange? ToPlanChange(WhatIfChange change)
    {
        var type = ResourceType(change.ResourceId);
        var action = change.ChangeType switch
        {
            "Create" => ChangeAction.Create,
            "Delete" => ChangeAction.Delete,
            "NoChange" => ChangeAction.NoChange,
            "Ignore" => (ChangeAction?)null, // exists, not in this template: incremental mode leaves it alone
            _ => ChangeAction.Update, // Modify, Deploy (changes unknown), Unsupported (what-if cannot tell): shown, never hidden
        };
        if (action is null)
        {
            return null;
        }

        var detail = change.ChangeType switch
        {
            "Modify" => string.Join(", ", (change.Raw["delta"] as JsonArray ?? []).OfType<JsonObject>().Select(d => d["path"]?.ToString()).Where(p => p is not null).Take(6)),
            "Deploy" => "redeployed, property changes unknown",
            "Unsupported" => "what-if cannot predict: " + change.Raw["unsupportedReason"],
            _ => "",
        };
        return new PlanChange("arm", type, change.ResourceId, action.Value, detail);
    }

    /// <summary>Microsoft.Storage/storageAccounts/blobServices from …/providers/Microsoft.Storage/storageAccounts/x/blobServices/default.</summary>
    public static string ResourceType(string resourceId)
    {
        var index = resourceId.LastIndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return resourceId.Contains("/resourceGroups/", StringComparison.OrdinalIgnoreCase) ? "Microsoft.Resources/resourceGroups" : "unknown";
        }

        var segments = resourceId[(index + "/providers/".Length)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parts = new List<string> { segments[0] };
        for (var i = 1; i < segments.Length; i += 2)
        {
            parts.Add(segments[i]);
        }

        return string.Join('/', parts);
    }

    internal static void RefuseStatefulDeletes(PhasePlan plan, bool allowDelete)
    {
        var stateful = plan.Arm.Where(c => c.Action == ChangeAction.Delete && Environments.AzureFacts.StatefulResourceTypes.Contains(c.Kind)).ToList();
        if (stateful.Count > 0 && !allowDelete)
        {
            throw new ToolkitException(
                $"The plan deletes {stateful.Count} stateful resource(s) ({string.Join(", ", stateful.Select(s => s.Name))}); nothing was deployed. " +
                "Review the plan and pass --allow-delete=true if the data may go.");
        }
    }

    private async Task VerifyOrThrowAsync(PhaseInputs inputs, CancellationToken ct, string hint = "", bool justPlanned = false)
    {
        var unresolved = inputs.Predicted.Count(r => r.IsUnresolved);
        if (unresolved > 0)
        {
            _log($"warning: {unresolved} predicted resource id(s) of phase {inputs.Phase} depend on values bicep snapshot cannot evaluate offline (e.g. environment()); they are not verified.");
        }

        var problems = (await SnapshotVerifier.VerifyAsync(Arm, inputs.Predicted, ct)).ToList();
        if (RunbookPublisher.DeclaredNames(inputs.Template) is { Count: > 0 } runbookNames)
        {
            problems.AddRange(await Runbooks(inputs).VerifyAsync(RunbookPublisher.Load(_artifacts, runbookNames, EnvironmentName, _display), ct, contentJustPlanned: justPlanned));
        }

        if (inputs.Phase == _options.DatabricksPhase && !justPlanned)
        {
            var bundle = WorkspaceBundle.Load(_artifacts, _target.Environment.Databricks.NotebookRoot);
            if (await ConnectDatabricksAsync(inputs, ct) is { } connection)
            {
                var plan = await new WorkspaceReconciler(connection.Client).PlanAsync(bundle, connection.Scope, ct);
                problems.AddRange(plan.Changes().Where(c => c.Action != ChangeAction.NoChange)
                    .Select(c => $"databricks {c.Kind} {c.Name}: {PlanChange.ActionText(c.Action)} still needed{(c.Detail.Length > 0 ? " (" + c.Detail + ")" : "")}"));
            }
            else if (bundle.Jobs.Count + bundle.Notebooks.Count + bundle.Policies.Count > 0)
            {
                problems.Add($"Databricks workspace {_target.Environment.Names.DatabricksWorkspace} does not exist");
            }
        }

        if (problems.Count > 0)
        {
            throw new ToolkitException($"Verification of phase {inputs.Phase} in '{EnvironmentName}' failed ({problems.Count}):\n  " + string.Join("\n  ", problems.Take(30)) + hint);
        }
    }

    private async Task<(DatabricksClient Client, SecretScopeSpec? Scope)?> ConnectDatabricksAsync(PhaseInputs inputs, CancellationToken ct)
    {
        var environment = _target.Environment;
        var workspaceId = ResourceId("Microsoft.Databricks/workspaces", environment.Names.DatabricksWorkspace);
        var apiVersion = inputs.Predicted.FirstOrDefault(r => r.Type.Equals("Microsoft.Databricks/workspaces", StringComparison.OrdinalIgnoreCase))?.ApiVersion ?? WorkspaceApiVersion;
        Uri host;
        if (environment.Databricks.Host is { Length: > 0 } configured)
        {
            host = new Uri(configured.StartsWith("https://", StringComparison.Ordinal) ? configured : "https://" + configured);
        }
        else
        {
            var workspace = await Arm.GetResourceAsync(workspaceId, apiVersion, ct);
            if (workspace?["properties"]?["workspaceUrl"]?.ToString() is not { Length: > 0 } url)
            {
                return null;
            }

            host = new Uri("https://" + url.TrimEnd('/') + "/");
        }

        _databricks ??= _target.CreateDatabricksClient(host, workspaceId);
        SecretScopeSpec? scope = null;
        if (environment.Databricks.SecretScope.Length > 0)
        {
            var vault = await Arm.GetResourceAsync(ResourceId("Microsoft.KeyVault/vaults", environment.Names.KeyVault), KeyVaultApiVersion, ct);
            scope = vault is null ? null : PlannedScope(vault["properties"]?["vaultUri"]?.ToString());
        }

        return (_databricks, scope);
    }

    /// <summary>The publisher for the environment's automation account, at the template's runbook apiVersion.</summary>
    private RunbookPublisher Runbooks(PhaseInputs inputs)
    {
        var apiVersion = inputs.Predicted.FirstOrDefault(r => r.Type.Equals(RunbookPublisher.ResourceType, StringComparison.OrdinalIgnoreCase))?.ApiVersion
            ?? PhaseInputs.TemplateApiVersions(inputs.Template).GetValueOrDefault(RunbookPublisher.ResourceType.ToLowerInvariant())
            ?? RunbookPublisher.DefaultApiVersion;
        return new RunbookPublisher(Arm, ResourceId("Microsoft.Automation/automationAccounts", _target.Environment.Names.AutomationAccount), apiVersion);
    }

    private SecretScopeSpec? PlannedScope(string? vaultUri)
    {
        var environment = _target.Environment;
        if (environment.Databricks.SecretScope.Length == 0)
        {
            return null;
        }

        return new SecretScopeSpec(environment.Databricks.SecretScope, ResourceId("Microsoft.KeyVault/vaults", environment.Names.KeyVault),
            vaultUri ?? $"https://{environment.Names.KeyVault}.vault.azure.net/");
    }

    private string ResourceId(string type, string name) =>
        $"/subscriptions/{_target.Scope.SubscriptionId}/resourceGroups/{_target.Scope.ResourceGroup}/providers/{type}/{name}";

    private void WritePlan(PhasePlan plan)
    {
        GeneratedFiles.Write(Path.Combine(_artifacts.Plan, $"phase{plan.Phase}.json"), plan.ToJson());
        GeneratedFiles.Write(Path.Combine(_artifacts.Plan, $"phase{plan.Phase}.md"), plan.ToMarkdown());
    }

    public void Dispose() => _databricks?.Dispose();
}
