namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>
/// Which managed jobs' grants a plan reads. The Permissions API has no list call, so each job's grants cost one GET.
/// With no budget (Verify; governance.yaml declares none) or when the jobs fit in it, every job is read on every plan
/// and nothing is recorded. Otherwise a plan reads the jobs it will write, the jobs with no recorded read (all of them
/// when the manifest is lost), and the <c>budget</c> jobs read longest ago (oldest first, then by key); the times are
/// kept in the workspace manifest, so every job's grants are read at least once every ceil(jobs ÷ budget) deploys.
/// </summary>
public sealed class JobPermissionRotation
{
    private readonly IReadOnlyDictionary<string, long> _recorded;
    private readonly HashSet<string> _turn;

    private JobPermissionRotation(bool rotates, IReadOnlyDictionary<string, long> recorded, HashSet<string> turn, int budget) =>
        (Rotates, _recorded, _turn, Budget) = (rotates, recorded, turn, budget);

    /// <summary>True when not every job is read on this plan (more jobs than the budget).</summary>
    public bool Rotates { get; }

    public int Budget { get; }

    /// <param name="desiredCount">The jobs the bundle declares: more than the budget, and their grants are read in turn.</param>
    /// <param name="liveKeys">The desired jobs that exist live.</param>
    /// <param name="recorded">The manifest's read times; null when the manifest is missing or unreadable.</param>
    /// <param name="budget">Jobs read in turn per plan; null reads every job.</param>
    public static JobPermissionRotation For(int desiredCount, IReadOnlyCollection<string> liveKeys, IReadOnlyDictionary<string, long>? recorded, int? budget)
    {
        if (budget is not { } perPlan || desiredCount <= perPlan)
        {
            return new JobPermissionRotation(false, new Dictionary<string, long>(), [], budget ?? 0);
        }

        var known = recorded ?? new Dictionary<string, long>();
        var turn = liveKeys.Where(known.ContainsKey).OrderBy(k => known[k]).ThenBy(k => k, StringComparer.Ordinal).Take(perPlan).ToHashSet(StringComparer.Ordinal);
        return new JobPermissionRotation(true, known, turn, perPlan);
    }

    /// <summary>Whether the plan reads this job's grants: always unless rotating; then when it is written anyway, unrecorded, or its turn.</summary>
    public bool Reads(string key, bool written) => !Rotates || written || !_recorded.ContainsKey(key) || _turn.Contains(key);

    /// <summary>
    /// The read times to keep: the recorded ones of <paramref name="desiredKeys"/>, with <paramref name="foundAsDeclared"/>
    /// at <paramref name="now"/>; empty when every job is read on every plan (nothing to remember).
    /// </summary>
    public IReadOnlyDictionary<string, long> Record(IEnumerable<string> desiredKeys, IEnumerable<string> foundAsDeclared, long now)
    {
        if (!Rotates)
        {
            return new Dictionary<string, long>();
        }

        var desired = desiredKeys.ToHashSet(StringComparer.Ordinal);
        var kept = _recorded.Where(r => desired.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        foreach (var key in foundAsDeclared.Where(desired.Contains))
        {
            kept[key] = now;
        }

        return kept;
    }
}
