using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>A Key Vault-backed secret scope the workspace must have.</summary>
public sealed record SecretScopeSpec(string Name, string KeyVaultResourceId, string KeyVaultUri);

/// <summary>What one object needs: the desired side (null for a delete) and the live identity (null for a create).</summary>
public sealed record JobStep(BundleJob? Desired, long? JobId, ChangeAction Action, string Detail);

public sealed record PolicyStep(BundlePolicy Desired, string? PolicyId, ChangeAction Action, string Detail);

public sealed record NotebookStep(BundleNotebook? Desired, string Path, ChangeAction Action, string Detail);

/// <summary>The Databricks half of a phase plan, with what apply needs (live ids, existing folders).</summary>
public sealed class WorkspacePlan
{
    public required IReadOnlyList<PolicyStep> Policies { get; init; }
    public required IReadOnlyList<JobStep> Jobs { get; init; }
    public required IReadOnlyList<NotebookStep> Notebooks { get; init; }
    public SecretScopeSpec? ScopeToCreate { get; init; }
    public string? ExistingScope { get; init; }
    public required IReadOnlySet<string> ExistingDirectories { get; init; }

    public IReadOnlyList<PlanChange> Changes()
    {
        var changes = new List<PlanChange>();
        if (ScopeToCreate is not null)
        {
            changes.Add(new PlanChange("databricks", "secret-scope", ScopeToCreate.Name, ChangeAction.Create, "Key Vault-backed"));
        }
        else if (ExistingScope is not null)
        {
            changes.Add(new PlanChange("databricks", "secret-scope", ExistingScope, ChangeAction.NoChange));
        }

        changes.AddRange(Policies.Select(p => new PlanChange("databricks", "cluster-policy", p.Desired.Name, p.Action, p.Detail)));
        changes.AddRange(Jobs.Select(j => new PlanChange("databricks", "job", j.Desired?.Key ?? $"job {j.JobId}", j.Action, j.Detail)));
        changes.AddRange(Notebooks.Select(n => new PlanChange("databricks", "notebook", n.Path, n.Action, n.Detail)));
        return changes;
    }
}

/// <summary>
/// Reconciles the workspace with the rendered bundle. Managed objects are found by identity (job tag
/// projectscout_key, policy name, notebook path under the notebook root), so there is no local state to lose and a
/// lost or repeated run never creates a second job.
/// </summary>
public sealed class WorkspaceReconciler(DatabricksClient client, int parallelism = 16)
{
    /// <summary>Plan against an environment whose workspace does not exist yet: everything is a create, no call is made.</summary>
    public static WorkspacePlan PlanForNewWorkspace(WorkspaceBundle bundle, SecretScopeSpec? scope) => new()
    {
        Policies = bundle.Policies.Select(p => new PolicyStep(p, null, ChangeAction.Create, "workspace not deployed yet")).ToList(),
        Jobs = bundle.Jobs.Select(j => new JobStep(j, null, ChangeAction.Create, "workspace not deployed yet")).ToList(),
        Notebooks = bundle.Notebooks.Select(n => new NotebookStep(n, n.WorkspacePath, ChangeAction.Create, "workspace not deployed yet")).ToList(),
        ScopeToCreate = scope,
        ExistingDirectories = new HashSet<string>(),
    };

    public async Task<WorkspacePlan> PlanAsync(WorkspaceBundle bundle, SecretScopeSpec? scope, CancellationToken ct = default)
    {
        var scopesTask = scope is null ? Task.FromResult<IReadOnlyList<JsonObject>>([]) : client.ListScopesAsync(ct);
        var policiesTask = client.ListPoliciesAsync(ct);
        var jobsTask = client.ListJobsAsync(expandTasks: true, ct: ct);
        var treeTask = ListTreeAsync(bundle.NotebookRoot, ct);
        await Task.WhenAll(scopesTask, policiesTask, jobsTask, treeTask);

        // Policies by name (unique in a workspace).
        var livePolicies = policiesTask.Result.GroupBy(p => p["name"]?.ToString() ?? "").ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var policySteps = new List<PolicyStep>();
        foreach (var policy in bundle.Policies)
        {
            if (!livePolicies.TryGetValue(policy.Name, out var live))
            {
                policySteps.Add(new PolicyStep(policy, null, ChangeAction.Create, ""));
                continue;
            }

            var differences = new List<string>();
            if ((live["description"]?.ToString() ?? "") != policy.Description)
            {
                differences.Add("description");
            }

            var liveDefinition = live["definition"] is JsonValue v && v.TryGetValue<string>(out var text) ? JsonNode.Parse(text) : live["definition"];
            if (JsonNormalizer.Canonical(JsonNormalizer.Normalize(liveDefinition)) != JsonNormalizer.Canonical(JsonNormalizer.Normalize(policy.Definition)))
            {
                differences.Add("definition");
            }

            policySteps.Add(new PolicyStep(policy, live["policy_id"]?.ToString(), differences.Count == 0 ? ChangeAction.NoChange : ChangeAction.Update, string.Join(", ", differences)));
        }

        // Jobs by tag; the placeholder policy:<key> stands in for a live policy id on both sides.
        var placeholderById = policySteps.Where(p => p.PolicyId is not null).ToDictionary(p => p.PolicyId!, p => p.Desired.Placeholder, StringComparer.Ordinal);
        var managed = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var job in jobsTask.Result)
        {
            var tags = job["settings"]?["tags"] as JsonObject;
            if (tags?[WorkspaceBundle.ManagedByTag]?.ToString() == WorkspaceBundle.ManagedByValue && tags[WorkspaceBundle.KeyTag]?.ToString() is { } key)
            {
                (managed.TryGetValue(key, out var list) ? list : managed[key] = []).Add(job);
            }
        }

        var jobSteps = new ConcurrentBag<JobStep>();
        var desiredKeys = bundle.Jobs.Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(bundle.Jobs, Options(ct), async (desired, token) =>
        {
            if (!managed.TryGetValue(desired.Key, out var found))
            {
                jobSteps.Add(new JobStep(desired, null, ChangeAction.Create, ""));
                return;
            }

            var ordered = found.OrderBy(j => j["job_id"]!.GetValue<long>()).ToList();
            var keep = ordered[0];
            if (keep["has_more"]?.GetValue<bool>() == true)
            {
                keep = await client.GetJobAsync(keep["job_id"]!.GetValue<long>(), token) ?? keep; // the list caps tasks at 100
            }

            var live = (JsonObject)(keep["settings"]?.DeepClone() ?? new JsonObject());
            ReplacePolicyIds(live, id => placeholderById.GetValueOrDefault(id));
            var fields = JsonNormalizer.DifferingFields(desired.Settings, live);
            var id = keep["job_id"]!.GetValue<long>();
            jobSteps.Add(new JobStep(desired, id, fields.Count == 0 ? ChangeAction.NoChange : ChangeAction.Update, string.Join(", ", fields)));
            foreach (var duplicate in ordered.Skip(1))
            {
                jobSteps.Add(new JobStep(null, duplicate["job_id"]!.GetValue<long>(), ChangeAction.Delete, $"duplicate of job {id} ({desired.Key})"));
            }
        });

        foreach (var (key, jobs) in managed.Where(m => !desiredKeys.Contains(m.Key)))
        {
            foreach (var job in jobs)
            {
                jobSteps.Add(new JobStep(null, job["job_id"]!.GetValue<long>(), ChangeAction.Delete, $"{key} is no longer in the bundle"));
            }
        }

        // Notebooks by path, compared by the hash of their exported source.
        var (liveNotebooks, directories) = treeTask.Result;
        var notebookSteps = new ConcurrentBag<NotebookStep>();
        await Parallel.ForEachAsync(bundle.Notebooks, Options(ct), async (desired, token) =>
        {
            if (!liveNotebooks.Contains(desired.WorkspacePath))
            {
                notebookSteps.Add(new NotebookStep(desired, desired.WorkspacePath, ChangeAction.Create, ""));
                return;
            }

            var exported = await client.ExportAsync(desired.WorkspacePath, token);
            var same = exported is not null && JsonNormalizer.NotebookHash(exported) == JsonNormalizer.NotebookHash(desired.Content);
            notebookSteps.Add(new NotebookStep(desired, desired.WorkspacePath, same ? ChangeAction.NoChange : ChangeAction.Update, same ? "" : "content"));
        });

        var desiredPaths = bundle.Notebooks.Select(n => n.WorkspacePath).ToHashSet(StringComparer.Ordinal);
        foreach (var path in liveNotebooks.Where(p => !desiredPaths.Contains(p)))
        {
            notebookSteps.Add(new NotebookStep(null, path, ChangeAction.Delete, "not in the bundle"));
        }

        var existingScope = scope is not null && scopesTask.Result.Any(s => s["name"]?.ToString() == scope.Name) ? scope.Name : null;
        return new WorkspacePlan
        {
            Policies = policySteps.OrderBy(p => p.Desired.Name, StringComparer.Ordinal).ToList(),
            Jobs = jobSteps.OrderBy(j => j.Desired?.Key ?? "", StringComparer.Ordinal).ThenBy(j => j.JobId).ToList(),
            Notebooks = notebookSteps.OrderBy(n => n.Path, StringComparer.Ordinal).ToList(),
            ScopeToCreate = scope is not null && existingScope is null ? scope : null,
            ExistingScope = existingScope,
            ExistingDirectories = directories,
        };
    }

    /// <summary>Applies a plan: scope, policies, folders, notebooks, jobs, then deletes; every failure is collected and reported once.</summary>
    public async Task ApplyAsync(WorkspacePlan plan, CancellationToken ct = default)
    {
        var failures = new ConcurrentQueue<string>();

        async Task Guard(string what, Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (Exception ex) when (ex is DatabricksApiException or DatabricksTransportException)
            {
                failures.Enqueue($"{what}: {ex.Message}");
            }
        }

        if (plan.ScopeToCreate is { } scope)
        {
            await Guard("secret scope " + scope.Name, async () =>
            {
                try
                {
                    await client.CreateKeyVaultScopeAsync(scope.Name, scope.KeyVaultResourceId, scope.KeyVaultUri, ct);
                }
                catch (DatabricksApiException ex) when (ex.ErrorCode == "RESOURCE_ALREADY_EXISTS")
                {
                    // A retried create whose first attempt went through.
                }
            });
        }

        var policyIds = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in plan.Policies.Where(p => p.PolicyId is not null))
        {
            policyIds[p.Desired.Placeholder] = p.PolicyId!;
        }

        await Parallel.ForEachAsync(plan.Policies.Where(p => p.Action is ChangeAction.Create or ChangeAction.Update), Options(ct), async (step, token) =>
            await Guard("cluster policy " + step.Desired.Name, async () =>
            {
                if (step.Action == ChangeAction.Update)
                {
                    await client.EditPolicyAsync(step.PolicyId!, step.Desired.Name, step.Desired.DefinitionJson, step.Desired.Description, token);
                    return;
                }

                try
                {
                    policyIds[step.Desired.Placeholder] = await client.CreatePolicyAsync(step.Desired.Name, step.Desired.DefinitionJson, step.Desired.Description, token);
                }
                catch (Exception ex) when (ex is DatabricksTransportException or DatabricksApiException { Status: >= 500 } or DatabricksApiException { ErrorCode: "RESOURCE_ALREADY_EXISTS" or "INVALID_PARAMETER_VALUE" })
                {
                    // The name is unique: a create that went through before the connection dropped is found by name.
                    var existing = (await client.ListPoliciesAsync(token)).FirstOrDefault(p => p["name"]?.ToString() == step.Desired.Name);
                    if (existing is null)
                    {
                        throw;
                    }

                    policyIds[step.Desired.Placeholder] = existing["policy_id"]!.ToString();
                    await client.EditPolicyAsync(policyIds[step.Desired.Placeholder], step.Desired.Name, step.Desired.DefinitionJson, step.Desired.Description, token);
                }
            }));

        // Folders: mkdirs creates parents, so only the deepest missing folders are sent.
        var imports = plan.Notebooks.Where(n => n.Action is ChangeAction.Create or ChangeAction.Update).ToList();
        var folders = imports.Where(n => n.Action == ChangeAction.Create).Select(n => ParentOf(n.Path)).Where(f => !plan.ExistingDirectories.Contains(f)).Distinct().ToList();
        var deepest = folders.Where(f => !folders.Any(other => other.StartsWith(f + "/", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(deepest, Options(ct), async (folder, token) => await Guard("folder " + folder, () => client.MkdirsAsync(folder, token)));
        await Parallel.ForEachAsync(imports, Options(ct), async (step, token) =>
            await Guard("notebook " + step.Path, () => client.ImportAsync(step.Path, step.Desired!.Content, step.Desired.ApiLanguage, overwrite: true, token)));

        var unresolved = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(plan.Jobs.Where(j => j.Action is ChangeAction.Create or ChangeAction.Update), Options(ct), async (step, token) =>
            await Guard("job " + step.Desired!.Key, async () =>
            {
                var settings = (JsonObject)step.Desired.Settings.DeepClone();
                ReplacePolicyIds(settings, placeholder =>
                {
                    if (!placeholder.StartsWith(WorkspaceBundle.PolicyPlaceholderPrefix, StringComparison.Ordinal))
                    {
                        return null;
                    }

                    if (policyIds.TryGetValue(placeholder, out var id))
                    {
                        return id;
                    }

                    unresolved.Enqueue($"job {step.Desired.Key}: {placeholder} names no cluster policy in the bundle");
                    return null;
                });
                if (step.Action == ChangeAction.Update)
                {
                    await client.ResetJobAsync(step.JobId!.Value, settings, token);
                }
                else
                {
                    await CreateJobOnceAsync(step.Desired, settings, token);
                }
            }));

        await Parallel.ForEachAsync(plan.Jobs.Where(j => j.Action == ChangeAction.Delete), Options(ct), async (step, token) =>
            await Guard($"job {step.JobId}", () => client.DeleteJobAsync(step.JobId!.Value, token)));
        await Parallel.ForEachAsync(plan.Notebooks.Where(n => n.Action == ChangeAction.Delete), Options(ct), async (step, token) =>
            await Guard("notebook " + step.Path, async () =>
            {
                try
                {
                    await client.DeleteAsync(step.Path, recursive: false, token);
                }
                catch (DatabricksApiException ex) when (ex.IsNotFound)
                {
                }
            }));

        var all = unresolved.Concat(failures).Order(StringComparer.Ordinal).ToList();
        if (all.Count > 0)
        {
            throw new ToolkitException($"{all.Count} Databricks change(s) failed; re-run to converge (nothing is duplicated):\n  " + string.Join("\n  ", all.Take(20)));
        }
    }

    /// <summary>
    /// jobs/create has no idempotency token: after a failed or timed-out create the job may exist anyway, so look it
    /// up by its key tag before trying again.
    /// </summary>
    public async Task<long> CreateJobOnceAsync(BundleJob desired, JsonObject settings, CancellationToken ct)
    {
        const int attempts = 4;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.CreateJobAsync(settings, ct);
            }
            catch (Exception ex) when (attempt < attempts && ex is DatabricksTransportException or DatabricksApiException { Status: >= 500 or 429 })
            {
                var existing = await FindJobByKeyAsync(desired, ct);
                if (existing is not null)
                {
                    await client.ResetJobAsync(existing.Value, settings, ct);
                    return existing.Value;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt * attempt), ct);
            }
        }
    }

    private async Task<long?> FindJobByKeyAsync(BundleJob desired, CancellationToken ct)
    {
        var candidates = await client.ListJobsAsync(desired.Name, ct: ct);
        return candidates
            .Where(j => j["settings"]?["tags"]?[WorkspaceBundle.KeyTag]?.ToString() == desired.Key)
            .Select(j => (long?)j["job_id"]!.GetValue<long>())
            .OrderBy(id => id)
            .FirstOrDefault();
    }

    /// <summary>Notebook paths and folders under the root, folder by folder.</summary>
    private async Task<(IReadOnlySet<string> Notebooks, IReadOnlySet<string> Directories)> ListTreeAsync(string root, CancellationToken ct)
    {
        var notebooks = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var directories = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var status = await client.GetStatusAsync(root, ct);
        if (status is null)
        {
            return (new HashSet<string>(), new HashSet<string>());
        }

        // Every ancestor of the root exists when the root does.
        for (var folder = root; folder.Length > 1; folder = ParentOf(folder))
        {
            directories[folder] = 0;
        }

        var level = new List<string> { root };
        while (level.Count > 0)
        {
            var next = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(level, Options(ct), async (folder, token) =>
            {
                foreach (var item in await client.ListAsync(folder, token))
                {
                    var path = item["path"]?.ToString() ?? "";
                    switch (item["object_type"]?.ToString())
                    {
                        case "DIRECTORY":
                            directories[path] = 0;
                            next.Add(path);
                            break;
                        case "NOTEBOOK":
                            notebooks[path] = 0;
                            break;
                    }
                }
            });
            level = next.Order(StringComparer.Ordinal).ToList();
        }

        return (notebooks.Keys.ToHashSet(StringComparer.Ordinal), directories.Keys.ToHashSet(StringComparer.Ordinal));
    }

    internal static void ReplacePolicyIds(JsonNode? node, Func<string, string?> replace)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "policy_id" && value is JsonValue v && v.TryGetValue<string>(out var id) && replace(id) is { } replacement)
                    {
                        obj[name] = replacement;
                    }
                    else
                    {
                        ReplacePolicyIds(value, replace);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ReplacePolicyIds(item, replace);
                }

                break;
        }
    }

    private static string ParentOf(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }

    private ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = parallelism, CancellationToken = ct };
}
