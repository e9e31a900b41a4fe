using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

/// <summary>What Unity Catalog writes need from the live metastore assignment: the workspace's id (bindings) and the metastore's (system schemas).</summary>
public sealed record MetastoreContext(long WorkspaceId, string MetastoreId)
{
    private readonly ConcurrentDictionary<string, Task<JsonObject?>> _reads = new(StringComparer.Ordinal);

    /// <summary>A read shared by the objects of one plan (a schema's catalog, the system-schema list), made once.</summary>
    public Task<JsonObject?> OnceAsync(string key, Func<Task<JsonObject?>> read) => _reads.GetOrAdd(key, _ => read());

    public static MetastoreContext From(JsonObject assignment) => new(
        long.TryParse(assignment["workspace_id"]?.ToString(), out var id) ? id : 0,
        assignment["metastore_id"]?.ToString() ?? "");
}

/// <summary>One object's step: create, update (the differing attributes), replace (an attribute fixed at creation changed) or nothing.</summary>
/// <param name="Reason">Why a create is planned when it is not obvious (its parent is replaced).</param>
public sealed record UnityCatalogStep<TSpec>(TSpec Desired, string Name, ChangeAction Action, IReadOnlyList<AttributeChange> Differences, bool Replace = false, string Reason = "");

public sealed record UnityCatalogPlan<TSpec>(IReadOnlyList<UnityCatalogStep<TSpec>> Steps, IReadOnlyList<PlanChange> Changes, MetastoreContext? Metastore) : IAdapterPlan;

/// <summary>
/// One kind of Unity Catalog securable, found by name (a GET per desired object), compared attribute by attribute and
/// written in place: a create that meets *_ALREADY_EXISTS (a retried POST, or a concurrent deploy) reads the object and
/// PATCHes what differs, so nothing is ever duplicated. Objects the declarations do not name are left alone.
/// </summary>
public abstract class UnityCatalogAdapter<TSpec> : WorkspaceAdapter<UnityCatalogPlan<TSpec>> where TSpec : notnull
{
    protected abstract IReadOnlyList<TSpec> DesiredOf(UnityCatalogDesired catalog);

    protected abstract string NameOf(TSpec spec);

    /// <summary>What a create sets, for the plan.</summary>
    protected abstract string Describe(TSpec spec);

    /// <summary>The live object, or null when absent.</summary>
    protected abstract Task<JsonObject?> ReadAsync(DatabricksClient client, TSpec spec, MetastoreContext metastore, CancellationToken ct);

    /// <summary>The attributes whose live value is not the desired one (path, live, desired).</summary>
    protected abstract Task<IReadOnlyList<AttributeChange>> DifferencesAsync(DatabricksClient client, TSpec spec, JsonObject live, MetastoreContext metastore, CancellationToken ct);

    protected abstract Task CreateAsync(DatabricksClient client, TSpec spec, MetastoreContext metastore, CancellationToken ct);

    protected abstract Task UpdateAsync(DatabricksClient client, TSpec spec, IReadOnlyList<AttributeChange> differences, MetastoreContext metastore, CancellationToken ct);

    /// <summary>Attributes fixed at creation: a change replaces the object (a delete that needs approval, then a create).</summary>
    protected virtual bool IsFixedAtCreation(string path) => false;

    /// <summary>Whether the object's parent is replaced by this plan (its delete drops the object, so it is created again).</summary>
    protected virtual Task<bool> ParentReplacedAsync(DatabricksClient client, TSpec spec, UnityCatalogDesired catalog, MetastoreContext metastore, CancellationToken ct) => Task.FromResult(false);

    /// <summary>Whether the create call sets every compared attribute (a catalog's isolation and binding need PATCHes after it).</summary>
    protected virtual bool CreateSetsEverything => true;

    protected virtual Task DeleteAsync(DatabricksClient client, TSpec spec, CancellationToken ct) =>
        throw new NotSupportedException($"{Kind} objects are not replaced");

    public override UnityCatalogPlan<TSpec> PlanForNewWorkspace(WorkspaceDesired desired) =>
        Plan(DesiredOf(desired.Catalog).Select(s => new UnityCatalogStep<TSpec>(s, NameOf(s), ChangeAction.Create, [])), null, NotDeployedYet);

    public override async Task<UnityCatalogPlan<TSpec>> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        var specs = DesiredOf(desired.Catalog);
        if (specs.Count == 0)
        {
            return Plan([], null);
        }

        var metastore = MetastoreContext.From(await live.MetastoreAssignmentAsync() ?? throw MetastoreAssignmentAdapter.Missing(desired, live.Client));
        var steps = new UnityCatalogStep<TSpec>[specs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, specs.Count), live.Parallel(ct), async (i, token) =>
        {
            var spec = specs[i];
            if (await ParentReplacedAsync(live.Client, spec, desired.Catalog, metastore, token))
            {
                steps[i] = new UnityCatalogStep<TSpec>(spec, NameOf(spec), ChangeAction.Create, [], Reason: "its catalog is replaced");
                return;
            }

            var found = await ReadAsync(live.Client, spec, metastore, token);
            if (found is null)
            {
                steps[i] = new UnityCatalogStep<TSpec>(spec, NameOf(spec), ChangeAction.Create, []);
                return;
            }

            var differences = await DifferencesAsync(live.Client, spec, found, metastore, token);
            steps[i] = new UnityCatalogStep<TSpec>(spec, NameOf(spec), differences.Count == 0 ? ChangeAction.NoChange : ChangeAction.Update, differences,
                Replace: differences.Any(d => IsFixedAtCreation(d.Path)));
        });
        return Plan(steps, metastore);
    }

    public override async Task ApplyAsync(UnityCatalogPlan<TSpec> plan, WorkspaceApply apply, CancellationToken ct)
    {
        if (plan.Metastore is not { } metastore)
        {
            return;
        }

        // In order within a kind: few objects, and the plan's order is the log's.
        foreach (var step in plan.Steps.Where(s => s.Action != ChangeAction.NoChange))
        {
            await apply.GuardAsync($"{Kind} {step.Name}", async () =>
            {
                if (step.Replace)
                {
                    await DeleteAsync(apply.Client, step.Desired, ct);
                }

                if (step.Action == ChangeAction.Update && !step.Replace)
                {
                    await UpdateAsync(apply.Client, step.Desired, step.Differences, metastore, ct);
                    return;
                }

                await CreateOrAdoptAsync(apply, step, metastore, ct);
            });
        }
    }

    private async Task CreateOrAdoptAsync(WorkspaceApply apply, UnityCatalogStep<TSpec> step, MetastoreContext metastore, CancellationToken ct)
    {
        try
        {
            await CreateAsync(apply.Client, step.Desired, metastore, ct);
            if (CreateSetsEverything)
            {
                return;
            }
        }
        catch (DatabricksApiException ex) when (ex.ErrorCode.EndsWith("ALREADY_EXISTS", StringComparison.Ordinal))
        {
            // Created by a retried request or another run meanwhile: adopted below, by name.
        }

        // Adopted, or created with only what the create call takes (a catalog's isolation and binding come after): read, then PATCH the rest.
        if (await ReadAsync(apply.Client, step.Desired, metastore, ct) is not { } live)
        {
            return;
        }

        var differences = await DifferencesAsync(apply.Client, step.Desired, live, metastore, ct);
        if (differences.FirstOrDefault(d => IsFixedAtCreation(d.Path)) is { } fixedAttribute)
        {
            apply.Fail($"{Kind} {step.Name}: exists with {fixedAttribute.Path} {fixedAttribute.Old}, not {fixedAttribute.New}; plan again to replace it.");
            return;
        }

        if (differences.Count > 0)
        {
            await UpdateAsync(apply.Client, step.Desired, differences, metastore, ct);
        }
    }

    private UnityCatalogPlan<TSpec> Plan(IEnumerable<UnityCatalogStep<TSpec>> steps, MetastoreContext? metastore, string createReason = "")
    {
        var ordered = steps.ToList();
        var changes = new List<PlanChange>();
        foreach (var step in ordered)
        {
            var fields = string.Join(", ", step.Differences.Select(d => d.Path));
            if (step.Replace)
            {
                var fixedFields = string.Join(", ", step.Differences.Where(d => IsFixedAtCreation(d.Path)).Select(d => $"{d.Path} {d.Old} → {d.New}"));
                changes.Add(Change(step.Name, ChangeAction.Delete, $"replaced: {fixedFields} is fixed at creation (deleting drops its managed tables)") with { Attributes = step.Differences });
                changes.Add(Change(step.Name, ChangeAction.Create, Describe(step.Desired)));
                continue;
            }

            var detail = step.Action switch
            {
                ChangeAction.Create => (step.Reason.Length > 0 ? step.Reason : createReason) is { Length: > 0 } reason ? $"{Describe(step.Desired)} ({reason})" : Describe(step.Desired),
                ChangeAction.Update => fields,
                _ => "",
            };
            changes.Add(Change(step.Name, step.Action, detail) with { Attributes = step.Differences });
        }

        return new UnityCatalogPlan<TSpec>(ordered, changes, metastore);
    }

    /// <summary>A difference of one text attribute (trailing slashes of URLs ignored), or none.</summary>
    protected static IEnumerable<AttributeChange> Differ(string path, string? live, string? desired, bool url = false)
    {
        var (a, b) = (live ?? "", desired ?? "");
        if (url ? a.TrimEnd('/') != b.TrimEnd('/') : a != b)
        {
            yield return AttributeChange.From(path, live is null ? null : JsonValue.Create(live), desired is null ? null : JsonValue.Create(desired));
        }
    }

    protected static IEnumerable<AttributeChange> Differ(string path, bool live, bool desired)
    {
        if (live != desired)
        {
            yield return AttributeChange.From(path, JsonValue.Create(live), JsonValue.Create(desired));
        }
    }

    protected static bool Flag(JsonObject live, string name) => live[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
