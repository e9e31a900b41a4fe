namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>
/// Which managed jobs' grants a plan reads, and what the manifest keeps of it. The Permissions API has no list call, so
/// each job's grants cost one GET. With no budget (Verify; governance.yaml declares none) or when the bundle's jobs fit
/// in it, every job is read on every plan and nothing is kept. Otherwise a plan reads the jobs it will write, the jobs
/// with no usable record (never read, another job id under the key, drift found and not yet repaired, a time in the
/// future; all of them when the manifest is lost), and the <c>budget</c> jobs read longest ago (oldest first, then by
/// key). A job read and found as declared, or whose grants a deploy wrote, is recorded with the time, so every job's
/// grants are read at least once every ceil(jobs ÷ budget) deploys.
/// </summary>
public sealed class JobPermissionRotation
{
    private static readonly JobPermissionRotation Everyone = new(false, null, new Dictionary<string, JobGrantRead>(), []);

    private readonly IReadOnlySet<string>? _only;
    private readonly IReadOnlyDictionary<string, JobGrantRead> _recorded;
    private readonly HashSet<string> _turn;

    private JobPermissionRotation(bool rotates, IReadOnlySet<string>? only, IReadOnlyDictionary<string, JobGrantRead> recorded, HashSet<string> turn) =>
        (Rotates, _only, _recorded, _turn) = (rotates, only, recorded, turn);

    /// <summary>True when not every job is read on this plan (more jobs than the budget): then read times are kept.</summary>
    public bool Rotates { get; }

    /// <param name="desiredCount">The jobs the bundle declares: more than the budget, and their grants are read in turn.</param>
    /// <param name="liveIds">Key → live job id of the desired jobs that exist.</param>
    /// <param name="recorded">The manifest's reads; null when the manifest is missing or unreadable.</param>
    /// <param name="budget">Jobs read in turn per plan; null reads every job.</param>
    /// <param name="now">The plan's start (Unix milliseconds): a later recorded time (clock skew, a hand edit) counts as the oldest.</param>
    public static JobPermissionRotation For(int desiredCount, IReadOnlyDictionary<string, long> liveIds, IReadOnlyDictionary<string, JobGrantRead>? recorded, int? budget, long now)
    {
        if (budget is not { } perPlan || desiredCount <= perPlan)
        {
            return Everyone;
        }

        // A record names the job it was made for: under another id (the job was replaced) it says nothing.
        var usable = (recorded ?? new Dictionary<string, JobGrantRead>())
            .Where(r => liveIds.TryGetValue(r.Key, out var id) && id == r.Value.JobId)
            .ToDictionary(r => r.Key, r => r.Value.ReadAt > now ? r.Value with { ReadAt = 0 } : r.Value, StringComparer.Ordinal);
        var turn = usable.OrderBy(r => r.Value.ReadAt).ThenBy(r => r.Key, StringComparer.Ordinal).Take(perPlan).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        return new JobPermissionRotation(true, null, usable, turn);
    }

    /// <summary>
    /// Reads exactly <paramref name="keys"/> (and jobs still to write): the verification right after an apply re-reads
    /// what that apply's plan read or wrote, not the next turn.
    /// </summary>
    public static JobPermissionRotation Only(IReadOnlySet<string> keys) => new(true, keys, new Dictionary<string, JobGrantRead>(), []);

    /// <summary>Whether the plan reads this job's grants.</summary>
    public bool Reads(string key, bool written) =>
        !Rotates || written || (_only is { } only ? only.Contains(key) : !_recorded.ContainsKey(key) || _turn.Contains(key));

    /// <summary>
    /// The reads to keep after the plan: the usable records of jobs still in the bundle, with <paramref name="foundAsDeclared"/>
    /// at <paramref name="now"/> and <paramref name="foundDrifted"/> dropped (read again on every plan until repaired);
    /// null when nothing is kept (every job is read on every plan).
    /// </summary>
    public IReadOnlyDictionary<string, JobGrantRead>? Planned(IEnumerable<string> desiredKeys, IEnumerable<(string Key, long JobId)> foundAsDeclared,
        IEnumerable<string> foundDrifted, long now)
    {
        if (_only is not null)
        {
            return null; // a verification keeps nothing
        }

        if (!Rotates)
        {
            return new Dictionary<string, JobGrantRead>(); // every job is read on every plan: nothing to remember
        }

        var desired = desiredKeys.ToHashSet(StringComparer.Ordinal);
        var kept = _recorded.Where(r => desired.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        foreach (var key in foundDrifted)
        {
            kept.Remove(key);
        }

        foreach (var (key, id) in foundAsDeclared.Where(f => desired.Contains(f.Key)))
        {
            kept[key] = new JobGrantRead(id, now);
        }

        return kept;
    }

    /// <summary>After the apply: jobs whose grants it wrote (created or repaired) are as declared at <paramref name="now"/>.</summary>
    public static IReadOnlyDictionary<string, JobGrantRead> Written(IReadOnlyDictionary<string, JobGrantRead> planned, IEnumerable<(string Key, long JobId)> written, long now)
    {
        var kept = planned.ToDictionary(StringComparer.Ordinal);
        foreach (var (key, id) in written)
        {
            kept[key] = new JobGrantRead(id, now);
        }

        return kept;
    }
}
