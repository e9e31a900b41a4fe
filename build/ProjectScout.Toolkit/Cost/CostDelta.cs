using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Cost;

/// <summary>
/// The plan's cost line, like a cost diff in review: what the planned creates add and the planned deletes remove per
/// month, from the estimate's lines (ARM resources by type and name, jobs by key). Updates are counted, not priced: the
/// estimate holds only the desired state, so an update's old cost is unknown.
/// </summary>
public static class CostDelta
{
    public static string? Line(PhasePlan plan, IReadOnlyList<CostLine>? estimate, string currency = "USD")
    {
        var changes = plan.Changes.Where(c => c.Action is ChangeAction.Create or ChangeAction.Delete or ChangeAction.Update).ToList();
        if (changes.Count == 0)
        {
            return null;
        }

        if (estimate is null)
        {
            return "Cost delta: not estimated (no cost-estimate.json; the Docs step writes it).";
        }

        decimal added = 0, removed = 0;
        var unpriced = 0;
        foreach (var change in changes.Where(c => c.Action != ChangeAction.Update))
        {
            var lines = estimate.Where(l => l.Plane == change.Plane && string.Equals(l.Kind, change.Kind, StringComparison.OrdinalIgnoreCase) && l.Name == change.Name && l.High is not null).ToList();
            if (lines.Count == 0)
            {
                unpriced++;
                continue;
            }

            var monthly = lines.Sum(l => l.High!.Value);
            if (change.Action == ChangeAction.Create)
            {
                added += monthly;
            }
            else
            {
                removed += monthly;
            }
        }

        var updates = changes.Count(c => c.Action == ChangeAction.Update);
        var delta = added - removed;
        return $"Cost delta: {(delta >= 0 ? "+" : "-")}{CostEstimateDocument.Money(Math.Abs(delta))} {currency}/month (creates +{CostEstimateDocument.Money(added)}, deletes -{CostEstimateDocument.Money(removed)}, at max workers)" +
               (unpriced > 0 ? $"; {unpriced} create/delete(s) free or not priced" : "") +
               (updates > 0 ? $"; {updates} update(s) not priced" : "") + ".";
    }
}
