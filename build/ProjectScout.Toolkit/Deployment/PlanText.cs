using System.Text;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// The plan as people read it: rows grouped by plane and kind with short names, <c>~ attr: old → new</c> under every
/// update, drift labelled, orphans listed with what incremental mode does and how to remove them. The console fits
/// <see cref="Width"/> columns (long values are cut with …; the JSON plan has them whole).
/// </summary>
public static class PlanText
{
    public const int Width = 120;

    private const int ActionWidth = 9;
    private const int PlaneWidth = 10;
    private const int MaxKindWidth = 28;
    private const int MaxValueWidth = 40;

    public const string DriftLabel = "drift: changed outside the toolkit";
    public const string OrphanNote = "Incremental mode leaves them in place. To delete them: --complete=true (stateful ones also need --allow-delete=true).";

    public static IReadOnlyList<string> Console(PhasePlan plan, int maxRows = 200)
    {
        var changes = Ordered(plan.Changes.Where(c => c.Action != ChangeAction.NoChange)).ToList();
        var unchanged = plan.Changes.Where(c => c.Action == ChangeAction.NoChange).GroupBy(c => (c.Plane, c.ShortKind))
            .OrderBy(g => g.Key.Plane, StringComparer.Ordinal).ThenBy(g => g.Key.ShortKind, StringComparer.Ordinal).ToList();
        var kindWidth = Math.Min(MaxKindWidth, changes.Concat(plan.Orphaned).Select(c => c.ShortKind.Length)
            .Concat(unchanged.Select(g => g.Key.ShortKind.Length)).Append(4).Max());
        string Row(string action, string plane, string kind, string name) =>
            Fit($"{action,-ActionWidth} {plane,-PlaneWidth} {Fit(kind, kindWidth).PadRight(kindWidth)} {name}");

        var lines = new List<string> { Row("ACTION", "PLANE", "KIND", "NAME") };
        foreach (var c in changes.Take(maxRows))
        {
            var label = c.Drifted ? "  [" + DriftLabel + "]" : c.Detail.Length > 0 && c.Attributes.Count == 0 ? "  (" + c.Detail + ")" : "";
            lines.Add(Row(PlanChange.ActionText(c.Action), c.Plane, c.ShortKind, c.Name + label));
            lines.AddRange(c.Attributes.Select(a => Fit(new string(' ', ActionWidth + 1) + "~ " + AttributeLine(a, MaxValueWidth))));
        }

        if (changes.Count > maxRows)
        {
            lines.Add($"… {changes.Count - maxRows} more change(s) in the plan file.");
        }

        lines.AddRange(unchanged.Select(g => Row("no-change", g.Key.Plane, g.Key.ShortKind, $"{g.Count()} object(s)")));
        lines.AddRange(Ordered(plan.Orphaned).Select(c => Row("orphaned", c.Plane, c.ShortKind, c.Name)));
        if (plan.Orphaned.Count > 0)
        {
            lines.Add(Fit($"{plan.Orphaned.Count} resource(s) in the resource group are declared by no phase (orphaned)."));
            lines.Add(Fit(OrphanNote));
        }

        lines.Add(Fit(plan.SummaryLine));
        if (plan.CostDeltaLine is { } cost)
        {
            lines.Add(Fit(cost));
        }

        return lines;
    }

    public static string Markdown(PhasePlan plan)
    {
        var text = new StringBuilder();
        text.Append($"## Phase {plan.Phase} plan — {plan.Environment}\n\n");
        text.Append($"Deployment `{plan.DeploymentName}`\n\n");
        text.Append("| Create | Update | Delete | No change | Orphaned |\n|---:|---:|---:|---:|---:|\n");
        text.Append($"| {plan.Count(ChangeAction.Create)} | {plan.Count(ChangeAction.Update)} | {plan.Count(ChangeAction.Delete)} | {plan.Count(ChangeAction.NoChange)} | {plan.Orphaned.Count} |\n\n");
        if (plan.CostDeltaLine is { } cost)
        {
            text.Append(cost + "\n\n");
        }

        var changes = Ordered(plan.Changes.Where(c => c.Action != ChangeAction.NoChange)).ToList();
        if (changes.Count == 0)
        {
            text.Append("No changes.\n");
        }
        else
        {
            text.Append("| Action | Plane | Kind | Name | Detail |\n|---|---|---|---|---|\n");
            foreach (var c in changes)
            {
                var detail = c.Attributes.Count > 0
                    ? string.Join("<br>", c.Attributes.Select(a => "`~ " + AttributeLine(a, int.MaxValue).Replace("`", "'") + "`"))
                    : Escape(c.Detail);
                var drift = c.Drifted ? "**" + DriftLabel + "**" + (detail.Length > 0 ? "<br>" : "") : "";
                text.Append($"| {PlanChange.ActionText(c.Action)} | {c.Plane} | {Escape(c.ShortKind)} | {Escape(c.Name)} | {drift}{Escape(detail)} |\n");
            }
        }

        if (plan.Orphaned.Count > 0)
        {
            text.Append($"\n### Orphaned ({plan.Orphaned.Count})\n\nDeclared by no phase. {OrphanNote}\n\n| Plane | Kind | Name |\n|---|---|---|\n");
            foreach (var c in Ordered(plan.Orphaned))
            {
                text.Append($"| {c.Plane} | {Escape(c.ShortKind)} | {Escape(c.Name)} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary><c>path: old → new</c>, each value cut to <paramref name="maxValue"/> characters; an absent value is (none).</summary>
    public static string AttributeLine(AttributeChange change, int maxValue) =>
        $"{change.Path}: {Fit(change.Old ?? "(none)", maxValue)} → {Fit(change.New ?? "(none)", maxValue)}";

    private static IEnumerable<PlanChange> Ordered(IEnumerable<PlanChange> changes) =>
        changes.OrderBy(c => c.Plane == "arm" ? 0 : 1).ThenBy(c => c.Plane, StringComparer.Ordinal).ThenBy(c => c.ShortKind, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>Cut to <paramref name="width"/> characters, ending with … when cut.</summary>
    private static string Fit(string text, int width = Width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Escape(string text) => text.Replace("|", "\\|");
}
