using System.Text.Json;
using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;

namespace ProjectScout.Toolkit.Deployment;

public enum ChangeAction
{
    Create,
    Update,
    Delete,
    NoChange,
}

/// <summary>One changed attribute of an update: its path and the live (old) and desired (new) values as compact JSON; null when absent.</summary>
public sealed record AttributeChange(string Path, string? Old, string? New)
{
    /// <summary>From two JSON values (absent = null node and <paramref name="had"/> false).</summary>
    public static AttributeChange From(string path, JsonNode? old, JsonNode? @new) =>
        new(path, old?.ToJsonString(Compact), @new?.ToJsonString(Compact));

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>One planned change of one object, ARM resource or Databricks object.</summary>
/// <param name="Plane">arm, automation or databricks.</param>
/// <param name="Kind">The resource type (Microsoft.Storage/storageAccounts) or job / cluster-policy / notebook / secret-scope.</param>
/// <param name="Name">The short identity shown: resource name (parent/child), job key, policy name or notebook path.</param>
/// <param name="Detail">What differs (fields), or why.</param>
/// <param name="Drift">
/// Set when the change repairs what was changed outside the project (<see cref="DriftKinds"/>: run_as, permissions,
/// untagged, unowned); empty for a change the inputs ask for.
/// </param>
public sealed record PlanChange(string Plane, string Kind, string Name, ChangeAction Action, string Detail = "", string Drift = "")
{
    /// <summary>The full identity (an ARM resource id), kept for the JSON plan; empty when <see cref="Name"/> is the identity.</summary>
    public string Id { get; init; } = "";

    /// <summary>Every changed attribute of an update, old → new.</summary>
    public IReadOnlyList<AttributeChange> Attributes { get; init; } = [];

    /// <summary>Changed outside the toolkit (any <see cref="DriftKinds"/> named in <see cref="Drift"/>).</summary>
    public bool Drifted => Drift.Length > 0;

    /// <summary>Live in the resource group but declared by no phase (deleted only in complete mode).</summary>
    public bool Orphaned { get; init; }

    /// <summary>The kind as shown: an ARM type's last segment (storageAccounts), a workspace kind as is.</summary>
    public string ShortKind => Kind.Contains('/') ? Kind[(Kind.LastIndexOf('/') + 1)..] : Kind;

    public static string ActionText(ChangeAction action) => action switch
    {
        ChangeAction.Create => "create",
        ChangeAction.Update => "update",
        ChangeAction.Delete => "delete",
        _ => "no-change",
    };

    /// <summary>The short name of an ARM resource: its names below the provider (account/default/container).</summary>
    public static string ShortArmName(string resourceId) =>
        ResourceId.TryParse(resourceId, out var id) && id.Names.Count > 0 ? string.Join("/", id.Names) : resourceId;
}

/// <summary>The kinds of drift a plan names: what was changed in the environment by hand, and is repaired or guarded.</summary>
public static class DriftKinds
{
    /// <summary>A job runs as another principal than its owner.</summary>
    public const string RunAs = "run_as";

    /// <summary>Grants on an object the project manages that the project does not declare (e.g. users: CAN_MANAGE).</summary>
    public const string Permissions = "permissions";

    /// <summary>A managed object whose ownership tag was removed: found by name and adopted (re-tagged).</summary>
    public const string Untagged = "untagged";

    /// <summary>An object under a root the project manages that the project did not create (deleted only when approved).</summary>
    public const string Unowned = "unowned";

    /// <summary>
    /// The live object differs from what the toolkit last deployed (a job whose deployed-hash tag names the bundle's
    /// settings; an ARM resource whose phase template is the recorded one): edited by hand.
    /// </summary>
    public const string Edited = "edited";

    /// <summary>A Unity Catalog grant of a principal the environment names was added or removed by hand.</summary>
    public const string Grants = "grants";

    /// <summary>Unity Catalog grants to principals the environment does not name (kept unless --revoke-unmanaged-grants).</summary>
    public const string UnmanagedGrants = "unmanaged_grants";
}

/// <summary>The joined plan of one phase: ARM what-if and the other planes' plans, in a stable order.</summary>
public sealed class PhasePlan
{
    public required string Environment { get; init; }
    public required int Phase { get; init; }
    public required string DeploymentName { get; init; }
    public required IReadOnlyList<PlanChange> Changes { get; init; }

    /// <summary>Live resources no phase declares, which incremental mode leaves alone (in complete mode they are deletes in <see cref="Changes"/>).</summary>
    public IReadOnlyList<PlanChange> Orphaned { get; init; } = [];

    public int Count(ChangeAction action) => Changes.Count(c => c.Action == action);

    /// <summary>The change's monthly cost delta in one line (<see cref="Cost.CostDelta"/>); null when not computed. Not part of the JSON plan.</summary>
    public string? CostDeltaLine { get; set; }

    public bool HasChanges => Changes.Any(c => c.Action != ChangeAction.NoChange);

    public string SummaryLine =>
        $"Phase {Phase} plan: {Count(ChangeAction.Create)} to create, {Count(ChangeAction.Update)} to update, {Count(ChangeAction.Delete)} to delete, {Count(ChangeAction.NoChange)} unchanged." +
        (Orphaned.Count > 0 ? $" {Orphaned.Count} orphaned (left alone)." : "") +
        (Changes.Count(c => c.Drifted) is > 0 and var drift ? $" {drift} drifted." : "");

    /// <summary>summary first, then the changes (no timestamps: the same state gives the same file).</summary>
    public string ToJson() => ToJsonObject().ToJsonString(Indented) + "\n";

    /// <summary>The plan as JSON: what plan/phase&lt;N&gt;.json, --plan-out and --output=json carry.</summary>
    public JsonObject ToJsonObject()
    {
        var document = new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["create"] = Count(ChangeAction.Create),
                ["update"] = Count(ChangeAction.Update),
                ["delete"] = Count(ChangeAction.Delete),
                ["noChange"] = Count(ChangeAction.NoChange),
                ["orphaned"] = Orphaned.Count,
                ["drift"] = Changes.Count(c => c.Drifted),
            },
            ["changes"] = new JsonArray(Changes.Select(ChangeJson).ToArray()),
            ["orphaned"] = new JsonArray(Orphaned.Select(ChangeJson).ToArray()),
            ["environment"] = Environment,
            ["phase"] = Phase,
            ["deployment"] = DeploymentName,
        };
        return document;
    }

    private static JsonNode ChangeJson(PlanChange c)
    {
        var change = new JsonObject
        {
            ["plane"] = c.Plane,
            ["kind"] = c.Kind,
            ["name"] = c.Name,
            ["action"] = PlanChange.ActionText(c.Action),
            ["detail"] = c.Detail,
        };
        if (c.Id.Length > 0)
        {
            change["id"] = c.Id;
        }

        if (c.Drifted)
        {
            change["drift"] = c.Drift;
        }

        if (c.Orphaned)
        {
            change["orphaned"] = true;
        }

        if (c.Attributes.Count > 0)
        {
            change["attributes"] = new JsonArray(c.Attributes.Select(a => (JsonNode)new JsonObject { ["path"] = a.Path, ["old"] = a.Old, ["new"] = a.New }).ToArray());
        }

        return change;
    }

    /// <summary>Markdown for pipeline summaries: the counts, every change that is not a no-change with its old → new values, the orphans.</summary>
    public string ToMarkdown() => PlanText.Markdown(this);

    /// <summary>The console table (at most <see cref="PlanText.Width"/> columns): changes grouped by kind with old → new, unchanged counts, orphans.</summary>
    public IReadOnlyList<string> ToConsoleLines(int maxRows = 200) => PlanText.Console(this, maxRows);

    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
