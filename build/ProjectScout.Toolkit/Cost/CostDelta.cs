using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Cost;

/// <summary>
/// The plan's cost line, like a cost diff in review: what the planned creates add and the planned deletes remove per
/// month, from the estimate's lines (ARM resources by type and name, jobs by key). Updates are counted, not priced: the
/// estimate holds only the desired state, so an update's old cost is unknown — except a job cluster's worker count
/// (<c>job_clusters[i].new_cluster.autoscale.max_workers</c> or <c>num_workers</c>, old → new), priced at the cluster's
/// per-node monthly cost.
/// </summary>
public static class CostDelta
{
    private static readonly System.Text.RegularExpressions.Regex WorkerPath =
        new(@"^job_clusters\[(\d+)\]\.new_cluster\.(autoscale\.max_workers|num_workers)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

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

        decimal resized = 0;
        var updates = 0;
        foreach (var change in changes.Where(c => c.Action == ChangeAction.Update))
        {
            var sized = change.Attributes.Select(a => (Match: WorkerPath.Match(a.Path), a.Old, a.New)).Where(a => a.Match.Success).ToList();
            var priced = sized.Select(a => (Line: estimate.FirstOrDefault(l => l.Plane == change.Plane && l.Kind == change.Kind && l.Name == change.Name
                    && l.ClusterIndex == int.Parse(a.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) && l.PerNodeMonthly is not null),
                Old: decimal.TryParse(a.Old, System.Globalization.CultureInfo.InvariantCulture, out var o) ? o : (decimal?)null,
                New: decimal.TryParse(a.New, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (decimal?)null)).ToList();
            if (priced.Count == 0 || priced.Any(p => p.Line is null || p.Old is null || p.New is null))
            {
                updates++;
                continue;
            }

            resized += priced.Sum(p => (p.New!.Value - p.Old!.Value) * p.Line!.PerNodeMonthly!.Value);
            if (change.Attributes.Count > priced.Count)
            {
                updates++; // its other changes are not priced
            }
        }

        var delta = added - removed + resized;
        return $"Cost delta: {(delta >= 0 ? "+" : "-")}{CostEstimateDocument.Money(Math.Abs(delta))} {currency}/month (creates +{CostEstimateDocument.Money(added)}, deletes -{CostEstimateDocument.Money(removed)}" +
               (resized != 0 ? $", worker counts {(resized >= 0 ? "+" : "-")}{CostEstimateDocument.Money(Math.Abs(resized))}" : "") + ", at max workers)" +
               (unpriced > 0 ? $"; {unpriced} create/delete(s) free or not priced" : "") +
               (updates > 0 ? $"; {updates} update(s) not priced" : "") + ".";
    }
}
