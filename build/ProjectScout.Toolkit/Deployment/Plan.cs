using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Deployment;

public enum ChangeAction
{
    Create,
    Update,
    Delete,
    NoChange,
}

/// <summary>One planned change of one object, ARM resource or Databricks object.</summary>
/// <param name="Plane">arm or databricks.</param>
/// <param name="Kind">The resource type (Microsoft.Storage/storageAccounts) or job / cluster-policy / notebook / secret-scope.</param>
/// <param name="Name">The identity: resource id, job key, policy name or notebook path.</param>
/// <param name="Detail">What differs (fields), or why.</param>
/// <param name="Drift">
/// Set when the change repairs what was changed outside the project (<see cref="DriftKinds"/>: run_as, permissions,
/// untagged, unowned); empty for a change the inputs ask for.
/// </param>
public sealed record PlanChange(string Plane, string Kind, string Name, ChangeAction Action, string Detail = "", string Drift = "")
{
    public static string ActionText(ChangeAction action) => action switch
    {
        ChangeAction.Create => "create",
        ChangeAction.Update => "update",
        ChangeAction.Delete => "delete",
        _ => "no-change",
    };
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
}

/// <summary>The joined plan of one phase: ARM what-if and the Databricks plan, in a stable order.</summary>
public sealed class PhasePlan
{
    public required string Environment { get; init; }
    public required int Phase { get; init; }
    public required string DeploymentName { get; init; }
    public required IReadOnlyList<PlanChange> Changes { get; init; }

    public int Count(ChangeAction action) => Changes.Count(c => c.Action == action);

    public bool HasChanges => Changes.Any(c => c.Action != ChangeAction.NoChange);

    public string SummaryLine =>
        $"Phase {Phase} plan: {Count(ChangeAction.Create)} to create, {Count(ChangeAction.Update)} to update, {Count(ChangeAction.Delete)} to delete, {Count(ChangeAction.NoChange)} unchanged.";

    /// <summary>summary first, then the changes (no timestamps: the same state gives the same file).</summary>
    public string ToJson()
    {
        var document = new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["create"] = Count(ChangeAction.Create),
                ["update"] = Count(ChangeAction.Update),
                ["delete"] = Count(ChangeAction.Delete),
                ["noChange"] = Count(ChangeAction.NoChange),
            },
            ["changes"] = new JsonArray(Changes.Select(c =>
            {
                var change = new JsonObject
                {
                    ["plane"] = c.Plane,
                    ["kind"] = c.Kind,
                    ["name"] = c.Name,
                    ["action"] = PlanChange.ActionText(c.Action),
                    ["detail"] = c.Detail,
                };
                if (c.Drift.Length > 0)
                {
                    change["drift"] = c.Drift;
                }

                return (JsonNode)change;
            }).ToArray()),
            ["environment"] = Environment,
            ["phase"] = Phase,
            ["deployment"] = DeploymentName,
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Markdown for pipeline summaries: the counts and every change that is not a no-change.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append($"## Phase {Phase} plan — {Environment}\n\n");
        text.Append($"Deployment `{DeploymentName}`\n\n");
        text.Append("| Create | Update | Delete | No change |\n|---:|---:|---:|---:|\n");
        text.Append($"| {Count(ChangeAction.Create)} | {Count(ChangeAction.Update)} | {Count(ChangeAction.Delete)} | {Count(ChangeAction.NoChange)} |\n\n");
        var changes = Changes.Where(c => c.Action != ChangeAction.NoChange).ToList();
        if (changes.Count == 0)
        {
            text.Append("No changes.\n");
            return text.ToString();
        }

        text.Append("| Action | Plane | Kind | Name | Detail |\n|---|---|---|---|---|\n");
        foreach (var c in changes)
        {
            text.Append($"| {PlanChange.ActionText(c.Action)} | {c.Plane} | {Escape(c.Kind)} | {Escape(c.Name)} | {Escape(c.Detail)} |\n");
        }

        return text.ToString();
    }

    /// <summary>The console table: changes first (every one), then a count of the unchanged objects per kind.</summary>
    public IReadOnlyList<string> ToConsoleLines(int maxRows = 200)
    {
        var lines = new List<string>();
        var changes = Changes.Where(c => c.Action != ChangeAction.NoChange).ToList();
        var kindWidth = Math.Max(4, changes.Select(c => c.Kind.Length).DefaultIfEmpty(0).Max());
        lines.Add($"{"ACTION",-9} {"PLANE",-10} {"KIND".PadRight(kindWidth)} NAME");
        foreach (var c in changes.Take(maxRows))
        {
            var detail = string.IsNullOrEmpty(c.Detail) ? "" : "  (" + c.Detail + ")";
            lines.Add($"{PlanChange.ActionText(c.Action),-9} {c.Plane,-10} {c.Kind.PadRight(kindWidth)} {c.Name}{detail}");
        }

        if (changes.Count > maxRows)
        {
            lines.Add($"… {changes.Count - maxRows} more change(s) in the plan file.");
        }

        foreach (var group in Changes.Where(c => c.Action == ChangeAction.NoChange).GroupBy(c => (c.Plane, c.Kind)).OrderBy(g => g.Key.Plane).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            lines.Add($"{"no-change",-9} {group.Key.Plane,-10} {group.Key.Kind.PadRight(kindWidth)} {group.Count()} object(s)");
        }

        lines.Add(SummaryLine);
        return lines;
    }

    private static string Escape(string text) => text.Replace("|", "\\|");
}
