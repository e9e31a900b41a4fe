using System.Collections.Concurrent;
using System.Globalization;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>One object's ACL step: its type, the name shown, its id (null until it exists) and how its grants differ.</summary>
public sealed record AclStep(string ObjectType, string Name, string? ObjectId, ChangeAction Action, AclComparison? Comparison,
    IReadOnlyList<(Principal Principal, string Level)> Direct, IReadOnlyList<DeclaredGrant> Declared);

public sealed record ObjectPermissionPlan(IReadOnlyList<AclStep> Steps, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>
/// The declared ACLs (governance.yaml objectPermissions) of the notebook folder (directories/{object_id}), the cluster
/// policies and the DDL warehouse, compared with their direct grants (GET /api/2.0/permissions). Missing grants are
/// added with PATCH; an undeclared grant (set by hand) is drift, and the ACL is replaced (PUT, the owner kept). Jobs'
/// ACLs are the job kind's (compared with the same reading it already makes for run_as drift).
/// </summary>
public sealed class ObjectPermissionAdapter : WorkspaceAdapter<ObjectPermissionPlan>
{
    public override string Kind => "permissions";

    public override ObjectPermissionPlan PlanForNewWorkspace(WorkspaceDesired desired) =>
        Plan(Targets(desired).Select(t => new AclStep(t.Type, t.Name, null, ChangeAction.Create, null, [], t.Declared)));

    public override async Task<ObjectPermissionPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        if (desired.Access is not { } access)
        {
            return Plan([]);
        }

        var client = live.Client;
        var policies = await live.PoliciesAsync();
        var warehouse = await SqlWarehouseAdapter.FindAsync(client, access.WarehouseName, ct);
        var folder = await client.GetStatusAsync(desired.Bundle.NotebookRoot, ct);
        var steps = new ConcurrentBag<AclStep>();
        await Parallel.ForEachAsync(Targets(desired), live.Parallel(ct), async (target, token) =>
        {
            var id = target.Type switch
            {
                ObjectPermissionLevels.Directories => folder?["object_id"]?.ToString(),
                ObjectPermissionLevels.Warehouses => warehouse?["id"]?.ToString(),
                _ => policies.FirstOrDefault(p => p["name"]?.ToString() == target.Name)?["policy_id"]?.ToString(),
            };
            if (id is null)
            {
                steps.Add(new AclStep(target.Type, target.Name, null, ChangeAction.Create, null, [], target.Declared));
                return;
            }

            var direct = ObjectAcl.Direct(await client.GetPermissionsAsync(target.Type, id, token));
            var comparison = ObjectAcl.Compare(direct, target.Declared);
            steps.Add(new AclStep(target.Type, target.Name, id, comparison.Differs ? ChangeAction.Update : ChangeAction.NoChange, comparison, direct, target.Declared));
        });

        return Plan(steps);
    }

    public override async Task ApplyAsync(ObjectPermissionPlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        var client = apply.Client;
        await Parallel.ForEachAsync(plan.Steps.Where(s => s.Action != ChangeAction.NoChange), apply.Parallel(ct), async (step, token) =>
            await apply.GuardAsync($"permissions of {step.ObjectType} {step.Name}", async () =>
            {
                var id = step.ObjectId ?? await NewIdAsync(step, apply, token);
                if (id is null)
                {
                    apply.Fail($"permissions of {step.ObjectType} {step.Name}: the object does not exist (see its own change)");
                    return;
                }

                // A new object: its live grants are read now (the owner), then only the declared ones are added.
                var direct = step.ObjectId is null ? ObjectAcl.Direct(await client.GetPermissionsAsync(step.ObjectType, id, token)) : step.Direct;
                var comparison = step.Comparison ?? ObjectAcl.Compare(direct, step.Declared);
                if (comparison.Differs)
                {
                    await ObjectAcl.WriteAsync(client, step.ObjectType, id, direct, comparison, step.Declared, token);
                }
            }));
    }

    private static async Task<string?> NewIdAsync(AclStep step, WorkspaceApply apply, CancellationToken ct) => step.ObjectType switch
    {
        ObjectPermissionLevels.Directories => (await apply.Client.GetStatusAsync(step.Name, ct))?["object_id"]?.ToString(),
        ObjectPermissionLevels.Warehouses => apply.WarehouseId,
        _ => (await apply.Client.ListPoliciesAsync(ct)).FirstOrDefault(p => p["name"]?.ToString() == step.Name)?["policy_id"]?.ToString(),
    };

    /// <summary>The objects with declared ACLs: the notebook folder, each bundle policy, the DDL warehouse.</summary>
    private static IEnumerable<(string Type, string Name, IReadOnlyList<DeclaredGrant> Declared)> Targets(WorkspaceDesired desired)
    {
        if (desired.Access is not { } access)
        {
            yield break;
        }

        if (access.Acl(ObjectPermissionLevels.Directories) is { Count: > 0 } folder)
        {
            yield return (ObjectPermissionLevels.Directories, desired.Bundle.NotebookRoot, folder);
        }

        if (access.Acl(ObjectPermissionLevels.ClusterPolicies) is { Count: > 0 } policy)
        {
            foreach (var bundlePolicy in desired.Bundle.Policies)
            {
                yield return (ObjectPermissionLevels.ClusterPolicies, bundlePolicy.Name, policy);
            }
        }

        if (access.Acl(ObjectPermissionLevels.Warehouses) is { Count: > 0 } warehouse)
        {
            yield return (ObjectPermissionLevels.Warehouses, access.WarehouseName, warehouse);
        }
    }

    private ObjectPermissionPlan Plan(IEnumerable<AclStep> steps)
    {
        var ordered = steps.OrderBy(s => s.ObjectType, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        return new ObjectPermissionPlan(ordered, ordered.Select(s => Change($"{s.ObjectType} {s.Name}", s.Action, s.Comparison?.Differs == true ? s.Comparison.Detail : "") with
        {
            Id = s.ObjectId is null ? "" : $"/{s.ObjectType}/{s.ObjectId.ToString(CultureInfo.InvariantCulture)}",
            Drift = s.Comparison?.Drifted == true ? DriftKinds.Permissions : "",
        }).ToList());
    }
}
