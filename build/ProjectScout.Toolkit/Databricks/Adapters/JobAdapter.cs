using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>
/// One job's step: the desired side (null for a delete), the live id (null for a create), and what was changed outside
/// the project (<see cref="JobDrift"/>; adopted: found by name after its tags were removed).
/// </summary>
public sealed record JobStep(BundleJob? Desired, long? JobId, ChangeAction Action, string Detail)
{
    public JobDrift Drift { get; init; } = JobDrift.None;
    public bool Adopted { get; init; }

    /// <summary>Whether the job's settings are written (jobs/reset): they differ, it runs as another principal, or it is adopted.</summary>
    public bool ResetsSettings { get; init; } = true;

    /// <summary>An update's differing values, old (live) → new (bundle).</summary>
    public IReadOnlyList<AttributeChange> Attributes { get; init; } = [];

    /// <summary>The live settings are not what the toolkit last wrote (its deployed-hash tag names the bundle's settings): edited by hand.</summary>
    public bool Edited { get; init; }

    /// <summary>A create's declared grants (governance.yaml objectPermissions.jobs), set right after the job exists.</summary>
    public IReadOnlyList<DeclaredGrant> DeclaredAcl { get; init; } = [];
}

/// <summary>The jobs' plan, with which jobs' grants it read (<see cref="JobPermissionRotation"/>).</summary>
public sealed record JobPlan(IReadOnlyList<JobStep> Steps, IReadOnlyList<PlanChange> Changes) : IAdapterPlan, IRecordsInManifest
{
    /// <summary>The jobs whose grants the plan read.</summary>
    public IReadOnlySet<string> GrantsRead { get; init; } = new HashSet<string>();

    /// <summary>Managed jobs found live.</summary>
    public int Managed { get; init; }

    public bool ReadsInTurn { get; init; }

    /// <summary>The grant reads the manifest keeps after this plan; null leaves the manifest's as they are.</summary>
    public IReadOnlyDictionary<string, JobGrantRead>? PlannedReads { get; init; }

    public WorkspaceManifest Record(WorkspaceManifest current) => PlannedReads is null ? current : current.WithJobGrantReads(PlannedReads);

    /// <summary>One line on how many jobs' grants this plan read, when not every job's was.</summary>
    public string? ReadSummary => ReadsInTurn
        ? $"grants of {GrantsRead.Count} of {Managed} job(s) read: those to write, those without a record and the longest unread (governance.yaml jobPermissionReadsPerDeploy); Verify reads every job's"
        : null;
}

/// <summary>
/// Jobs, found by their managed tags (managed_by + projectscout_key), so there is no local state to lose and a lost or
/// repeated run never creates a second job. Compared field by field after normalisation, with live policy ids read
/// back as the bundle's placeholders, and for run_as and grants set by hand (<see cref="JobDrift"/>). Duplicates of a key
/// collapse to the oldest job; a job whose tags were removed by hand is found by its name and adopted (re-tagged).
/// Hand edits are known without local state: every write tags the job with the hash of the settings written
/// (<see cref="DeployedHashTag"/>); a job that differs from the bundle while its tag still names the bundle's settings
/// was changed outside the toolkit.
/// </summary>
public sealed class JobAdapter : WorkspaceAdapter<JobPlan>
{
    /// <summary>The tag holding <see cref="JsonNormalizer.ContentHash"/> of the settings the toolkit last wrote; never compared.</summary>
    public const string DeployedHashTag = "projectscout_deployed";

    public override string Kind => "job";

    public override JobPlan PlanForNewWorkspace(WorkspaceDesired desired) =>
        Plan(desired.Bundle.Jobs.Select(j => new JobStep(j, null, ChangeAction.Create, NotDeployedYet) { DeclaredAcl = desired.Access?.Acl(ObjectPermissionLevels.Jobs) ?? [] }));

    public override async Task<JobPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        var client = live.Client;
        var jobsTask = client.ListJobsAsync(expandTasks: true, ct: ct);
        var placeholderById = await ClusterPolicyAdapter.PlaceholdersByIdAsync(desired.Bundle, live);
        var managed = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        var untagged = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var job in await jobsTask)
        {
            var tags = job["settings"]?["tags"] as JsonObject;
            if (tags?[WorkspaceBundle.ManagedByTag]?.ToString() == WorkspaceBundle.ManagedByValue && tags[WorkspaceBundle.KeyTag]?.ToString() is { } key)
            {
                (managed.TryGetValue(key, out var list) ? list : managed[key] = []).Add(job);
            }
            else if (job["settings"]?["name"]?.ToString() is { } name)
            {
                (untagged.TryGetValue(name, out var list) ? list : untagged[name] = []).Add(job);
            }
        }

        // The job each key keeps (the oldest of its duplicates); a key found only by name has no record to trust.
        var liveIds = managed.ToDictionary(m => m.Key, m => m.Value.Min(j => j["job_id"]!.GetValue<long>()), StringComparer.Ordinal);
        var rotation = desired.JobPermissionReadsOnly is { } only ? JobPermissionRotation.Only(only)
            : JobPermissionRotation.For(desired.Bundle.Jobs.Count, liveIds,
                desired.JobPermissionReads is { } budget && desired.Bundle.Jobs.Count > budget ? (await live.ManifestAsync())?.JobGrantReads : null,
                desired.JobPermissionReads, live.Now);
        var (asDeclared, drifted, read) = (new ConcurrentBag<(string, long)>(), new ConcurrentBag<string>(), new ConcurrentBag<string>());
        var steps = new ConcurrentBag<JobStep>();
        await Parallel.ForEachAsync(desired.Bundle.Jobs, live.Parallel(ct), async (job, token) =>
        {
            var adopted = false;
            if (!managed.TryGetValue(job.Key, out var found))
            {
                // Its tags removed by hand, a managed job is still found by its exact name: adopted, never duplicated.
                if (!untagged.TryGetValue(job.Name, out found))
                {
                    steps.Add(new JobStep(job, null, ChangeAction.Create, "") { DeclaredAcl = desired.Access?.Acl(ObjectPermissionLevels.Jobs) ?? [] });
                    return;
                }

                found = [found.OrderBy(j => j["job_id"]!.GetValue<long>()).First()];
                adopted = true;
            }

            var ordered = found.OrderBy(j => j["job_id"]!.GetValue<long>()).ToList();
            var keep = ordered[0];
            if (keep["has_more"]?.GetValue<bool>() == true)
            {
                keep = await client.GetJobAsync(keep["job_id"]!.GetValue<long>(), token) ?? keep; // the list caps tasks at 100
            }

            var settings = (JsonObject)(keep["settings"]?.DeepClone() ?? new JsonObject());
            ReplacePolicyIds(settings, id => placeholderById.GetValueOrDefault(id));
            var deployedHash = (settings["tags"] as JsonObject)?[DeployedHashTag]?.ToString();
            (settings["tags"] as JsonObject)?.Remove(DeployedHashTag);
            var fields = JsonNormalizer.DifferingFields(job.Settings, settings);
            var id = keep["job_id"]!.GetValue<long>();
            var readsPermissions = rotation.Reads(job.Key, written: adopted || fields.Count > 0);
            var drift = await JobDrift.ReadAsync(client, keep, job, token, desired.Access?.Acl(ObjectPermissionLevels.Jobs), readsPermissions);
            if (readsPermissions)
            {
                read.Add(job.Key);
                if (drift.Any || adopted)
                {
                    drifted.Add(job.Key);
                }
                else
                {
                    asDeclared.Add((job.Key, id));
                }
            }

            var details = (adopted ? [$"adopted job {id}, found by name: its {WorkspaceBundle.ManagedByTag}/{WorkspaceBundle.KeyTag} tags were removed by hand"] : new List<string>())
                .Concat(fields.Count > 0 ? [string.Join(", ", fields)] : []).Concat(drift.Details);
            var changed = adopted || fields.Count > 0 || drift.Any;
            steps.Add(new JobStep(job, id, changed ? ChangeAction.Update : ChangeAction.NoChange, string.Join("; ", details))
            {
                Drift = drift,
                Attributes = fields.Count == 0 ? [] : JsonNormalizer.Differences(job.Settings, settings),
                // A hand-changed run_as is reported as run_as drift (security), not as a plain edit.
                Edited = !adopted && fields.Any(f => drift.RunAs is null || f != "run_as") && deployedHash == JsonNormalizer.ContentHash(job.Settings),
                Adopted = adopted,
                ResetsSettings = adopted || fields.Count > 0 || drift.RunAs is not null,
            });
            foreach (var duplicate in ordered.Skip(1))
            {
                steps.Add(new JobStep(null, duplicate["job_id"]!.GetValue<long>(), ChangeAction.Delete, $"duplicate of job {id} ({job.Key})"));
            }
        });

        var desiredKeys = desired.Bundle.Jobs.Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, jobs) in managed.Where(m => !desiredKeys.Contains(m.Key)))
        {
            foreach (var job in jobs)
            {
                steps.Add(new JobStep(null, job["job_id"]!.GetValue<long>(), ChangeAction.Delete, $"{key} is no longer in the bundle"));
            }
        }

        return Plan(steps) with
        {
            GrantsRead = read.ToHashSet(StringComparer.Ordinal),
            Managed = liveIds.Count,
            ReadsInTurn = rotation.Rotates,
            PlannedReads = rotation.Planned(desired.Bundle.Jobs.Select(j => j.Key), asDeclared, drifted, live.Now),
        };
    }

    /// <summary>Creates and resets jobs with their placeholders resolved to the policy ids, then deletes.</summary>
    public override async Task ApplyAsync(JobPlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        var client = apply.Client;
        var grantsWritten = new ConcurrentBag<(string, long)>();
        await Parallel.ForEachAsync(plan.Steps.Where(j => j.Action is ChangeAction.Create or ChangeAction.Update), apply.Parallel(ct), async (step, token) =>
            await apply.GuardAsync("job " + step.Desired!.Key, async () =>
            {
                if (NotebookPaths(step.Desired.Settings).Where(apply.FailedPaths.ContainsKey).ToList() is { Count: > 0 } missing)
                {
                    apply.Fail($"job {step.Desired.Key}: not {(step.Action == ChangeAction.Create ? "created" : "updated")}, its notebook(s) failed to import: {string.Join(", ", missing)}");
                    return;
                }

                var settings = (JsonObject)step.Desired.Settings.DeepClone();
                if (settings["tags"] is JsonObject tags)
                {
                    tags[DeployedHashTag] = JsonNormalizer.ContentHash(step.Desired.Settings);
                }

                ReplacePolicyIds(settings, placeholder =>
                {
                    if (!placeholder.StartsWith(WorkspaceBundle.PolicyPlaceholderPrefix, StringComparison.Ordinal))
                    {
                        return null;
                    }

                    if (apply.PolicyIds.TryGetValue(placeholder, out var id))
                    {
                        return id;
                    }

                    apply.Fail($"job {step.Desired.Key}: {placeholder} names no cluster policy in the bundle");
                    return null;
                });
                if (step.Action == ChangeAction.Update)
                {
                    if (step.Drift.RunAs is { } runAs && settings["run_as"] is null)
                    {
                        settings["run_as"] = runAs.DeepClone();
                    }

                    if (step.ResetsSettings)
                    {
                        await client.ResetJobAsync(step.JobId!.Value, settings, token);
                    }

                    if (step.Drift.AccessControlList is { } acl)
                    {
                        await client.SetPermissionsAsync(ObjectPermissionLevels.Jobs, step.JobId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), acl, token);
                        grantsWritten.Add((step.Desired.Key, step.JobId.Value));
                    }
                }
                else
                {
                    var id = await CreateJobOnceAsync(client, step.Desired, settings, token);
                    if (step.DeclaredAcl.Count > 0)
                    {
                        // Added to the creator's ownership (PATCH): the declared grants are all the job needs besides.
                        await client.UpdatePermissionsAsync(ObjectPermissionLevels.Jobs, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            [.. step.DeclaredAcl.Select(g => g.Principal.Grant(g.Level))], token);
                    }

                    grantsWritten.Add((step.Desired.Key, id));
                }
            }));

        await Parallel.ForEachAsync(plan.Steps.Where(j => j.Action == ChangeAction.Delete), apply.Parallel(ct), async (step, token) =>
            await apply.GuardAsync($"job {step.JobId}", () => client.DeleteJobAsync(step.JobId!.Value, token)));

        if (plan.PlannedReads is not null && plan.ReadsInTurn)
        {
            apply.Manifest = apply.Manifest.WithJobGrantReads(
                JobPermissionRotation.Written(apply.Manifest.JobGrantReads, grantsWritten, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>
    /// jobs/create has no idempotency token: after a failed or timed-out create the job may exist anyway, so look it
    /// up by its key tag before trying again.
    /// </summary>
    public static async Task<long> CreateJobOnceAsync(DatabricksClient client, BundleJob desired, JsonObject settings, CancellationToken ct)
    {
        const int attempts = 4;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.CreateJobAsync(settings, ct);
            }
            catch (Exception ex) when (attempt < (ex is DatabricksApiException { Status: 500 } ? Arm.ToolkitRetryPolicy.MaxTriesOnServerError : attempts) &&
                                       ex is DatabricksTransportException or DatabricksApiException { Status: >= 500 or 429 })
            {
                var existing = (await client.ListJobsAsync(desired.Name, ct: ct))
                    .Where(j => j["settings"]?["tags"]?[WorkspaceBundle.KeyTag]?.ToString() == desired.Key)
                    .Select(j => (long?)j["job_id"]!.GetValue<long>())
                    .OrderBy(id => id)
                    .FirstOrDefault();
                if (existing is not null)
                {
                    await client.ResetJobAsync(existing.Value, settings, ct);
                    return existing.Value;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt * attempt), ct);
            }
        }
    }

    /// <summary>The workspace notebooks a job's tasks run.</summary>
    internal static IEnumerable<string> NotebookPaths(JsonObject settings) =>
        (settings["tasks"] as JsonArray ?? []).Select(t => t?["notebook_task"]?["notebook_path"]?.ToString()).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>Replaces every policy_id value <paramref name="replace"/> maps (null: left as is); nothing else is touched.</summary>
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

    private JobPlan Plan(IEnumerable<JobStep> steps)
    {
        var ordered = steps.OrderBy(j => j.Desired?.Key ?? "", StringComparer.Ordinal).ThenBy(j => j.JobId).ToList();
        return new JobPlan(ordered, ordered.Select(j => Change(j.Desired?.Key ?? $"job {j.JobId}", j.Action, j.Detail) with
        {
            Attributes = j.Attributes,
            Drift = string.Join(",", (j.Adopted ? [DriftKinds.Untagged] : new List<string>()).Concat(j.Edited ? [DriftKinds.Edited] : []).Concat(j.Drift.Kinds)),
        }).ToList());
    }
}
