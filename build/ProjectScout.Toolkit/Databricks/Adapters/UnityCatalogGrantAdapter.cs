using System.Collections.Concurrent;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Governance;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>One securable's grant changes: what to add and remove per principal, and the unmanaged grants left alone.</summary>
public sealed record GrantStep(SecurableGrants Desired, ChangeAction Action, IReadOnlyList<(string Principal, IReadOnlyList<string> Add, IReadOnlyList<string> Remove)> Changes)
{
    /// <summary>Grants of principals the environment does not name (kept unless --revoke-unmanaged-grants).</summary>
    public IReadOnlyList<string> Unmanaged { get; init; } = [];

    /// <summary>Changed by hand: a managed principal holds an undeclared privilege, or lost a declared one while others are there.</summary>
    public bool HandMade { get; init; }
}

public sealed record GrantPlan(IReadOnlyList<GrantStep> Steps, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>
/// Unity Catalog grants (governance.yaml access, mapped to the environment's principals), per securable: the direct
/// grants read with GET permissions are compared with the declared ones and only the differences are sent (PATCH
/// add/remove). A principal the environment names holds exactly its declared privileges (one added or removed by hand is
/// drift, repaired); grants to any other principal are unmanaged: reported in the plan, revoked only with
/// --revoke-unmanaged-grants. Runs after the catalog and schemas exist (the Unity Catalog kinds before it).
/// </summary>
public sealed class UnityCatalogGrantAdapter : WorkspaceAdapter<GrantPlan>
{
    public override string Kind => "grant";

    public override GrantPlan PlanForNewWorkspace(WorkspaceDesired desired) =>
        Plan((desired.Access?.Grants ?? []).Select(g => Step(g, null, managed: new HashSet<string>(), revokeUnmanaged: false)));

    public override async Task<GrantPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        if (desired.Access is not { } access)
        {
            return Plan([]);
        }

        var managed = access.Governance.Roles.Select(access.PrincipalOf).ToHashSet(StringComparer.Ordinal);
        var steps = new ConcurrentBag<GrantStep>();
        await Parallel.ForEachAsync(access.Grants, live.Parallel(ct), async (grants, token) =>
            steps.Add(Step(grants, await live.Client.GetGrantsAsync(grants.SecurableType, grants.FullName, token), managed, access.RevokeUnmanagedGrants)));
        return Plan(steps);
    }

    public override async Task ApplyAsync(GrantPlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        // Parents first (catalog, then schemas, then tables): the sorted keys give that order.
        foreach (var step in plan.Steps.Where(s => s.Action != ChangeAction.NoChange))
        {
            var (type, name) = (step.Desired.SecurableType, step.Desired.FullName);
            await apply.GuardAsync($"grants on {type} {name}", async () =>
            {
                var after = await apply.Client.UpdateGrantsAsync(type, name, step.Changes, ct);
                // Changes are eventually consistent: read again until every declared privilege shows, a few times.
                for (var attempt = 0; Missing(step.Desired, after).Count > 0 && attempt < 5; attempt++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), ct);
                    after = await apply.Client.GetGrantsAsync(type, name, ct) ?? after;
                }

                if (Missing(step.Desired, after) is { Count: > 0 } missing)
                {
                    apply.Fail($"grants on {type} {name}: still missing after the update: {string.Join(", ", missing)}");
                }
            });
        }
    }

    /// <summary>The step of one securable: <paramref name="live"/> null means it does not exist yet (everything is added).</summary>
    public static GrantStep Step(SecurableGrants desired, IReadOnlyDictionary<string, IReadOnlySet<string>>? live, IReadOnlySet<string> managed, bool revokeUnmanaged)
    {
        var changes = new List<(string, IReadOnlyList<string>, IReadOnlyList<string>)>();
        var unmanaged = new List<string>();
        var handMade = false;
        var someDeclaredPresent = live is not null && desired.Privileges.Any(p => live.GetValueOrDefault(p.Key)?.Overlaps(p.Value) == true);
        var principals = desired.Privileges.Keys.Concat(live?.Keys ?? []).Distinct().Order(StringComparer.Ordinal);
        foreach (var principal in principals)
        {
            var want = desired.Privileges.GetValueOrDefault(principal) ?? new SortedSet<string>();
            var have = live?.GetValueOrDefault(principal) ?? new SortedSet<string>();
            var add = want.Except(have).Order(StringComparer.Ordinal).ToList();
            var extra = have.Except(want).Order(StringComparer.Ordinal).ToList();
            var isManaged = desired.Privileges.ContainsKey(principal) || managed.Contains(principal);
            if (extra.Count > 0 && !isManaged)
            {
                unmanaged.Add($"{principal}: {string.Join(", ", extra)}");
            }

            var remove = isManaged || revokeUnmanaged ? extra : [];
            handMade |= (isManaged && extra.Count > 0) || (add.Count > 0 && someDeclaredPresent);
            if (add.Count > 0 || remove.Count > 0)
            {
                changes.Add((principal, add, remove));
            }
        }

        var action = live is null ? ChangeAction.Create : changes.Count > 0 ? ChangeAction.Update : ChangeAction.NoChange;
        return new GrantStep(desired, action, changes) { Unmanaged = unmanaged, HandMade = action == ChangeAction.Update && handMade };
    }

    private static List<string> Missing(SecurableGrants desired, IReadOnlyDictionary<string, IReadOnlySet<string>> live) =>
        desired.Privileges.SelectMany(p => p.Value.Where(v => live.GetValueOrDefault(p.Key)?.Contains(v) != true).Select(v => $"{p.Key}: {v}")).ToList();

    private GrantPlan Plan(IEnumerable<GrantStep> steps)
    {
        var ordered = steps.OrderBy(s => s.Desired.Key, StringComparer.Ordinal).ToList();
        return new GrantPlan(ordered, ordered.Select(s =>
        {
            var kept = s.Unmanaged.Where(u => !s.Changes.Any(c => u.StartsWith(c.Principal + ":", StringComparison.Ordinal))).ToList();
            var detail = string.Join("; ", s.Changes.Select(c => string.Join(", ", c.Add.Select(a => $"+{a}").Concat(c.Remove.Select(r => $"-{r}"))) + $" for {c.Principal}")
                .Concat(kept.Count > 0 ? [$"unmanaged grants kept ({string.Join("; ", kept)}); --{Configuration.ArgumentNames.RevokeUnmanagedGrants} revokes them"] : Array.Empty<string>()));
            var drift = new List<string>();
            if (s.HandMade)
            {
                drift.Add(DriftKinds.Grants);
            }

            if (s.Unmanaged.Count > 0)
            {
                drift.Add(DriftKinds.UnmanagedGrants);
            }

            return Change($"{s.Desired.SecurableType} {s.Desired.FullName}", s.Action, detail) with { Id = s.Desired.Key, Drift = string.Join(",", drift) };
        }).ToList());
    }
}
