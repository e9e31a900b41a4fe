using System.Globalization;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>A lease on an environment: who holds it, for which pipeline run, until when.</summary>
public sealed record LockLease(string Owner, string RunId, DateTimeOffset Expires, string Token)
{
    public const string TagName = "projectscout-deploy-lock";

    public bool IsExpired(DateTimeOffset now) => Expires <= now;

    /// <summary>owner=...;run=...;expires=2026-11-22T18:00:00Z;token=... (≤ 256 characters, the ARM tag value limit).</summary>
    public string Format()
    {
        var owner = Owner.Replace(";", ",");
        if (owner.Length > 120)
        {
            owner = owner[..120];
        }

        return $"owner={owner};run={RunId.Replace(";", ",")};expires={Expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)};token={Token}";
    }

    public static LockLease? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("token", out var token) || !parts.TryGetValue("expires", out var expires) ||
            !DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
        {
            // An unreadable lock is treated as expired rather than blocking every deploy forever.
            return new LockLease("unknown", "", DateTimeOffset.MinValue, "");
        }

        return new LockLease(parts.GetValueOrDefault("owner", "unknown"), parts.GetValueOrDefault("run", ""), until, token);
    }
}

/// <summary>How long a lease lasts and how the waiting behaves.</summary>
public sealed record LockSettings
{
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan Wait { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between writing the lease and reading it back; two writers racing within it resolve to the last write.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The per-environment deployment lock, kept as a tag on the environment's resource group (see docs/deployment.md:
/// it exists on real Azure and in the sandbox before anything else, and every agent can read it). ARM tags have no
/// compare-and-set, so a lease is taken by write-then-read-back: write our token, wait <see cref="LockSettings.Settle"/>,
/// read again; only the writer whose token survived holds it. The lease is renewed while held and expires on its
/// own when its holder dies.
/// </summary>
public sealed class DeploymentLock : IAsyncDisposable
{
    private readonly ResourceGroupTags _tags;
    private readonly LockSettings _settings;
    private readonly CancellationTokenSource _renewal = new();
    private LockLease _lease;
    private Task? _renewLoop;

    private DeploymentLock(ResourceGroupTags tags, LockSettings settings, LockLease lease)
    {
        _tags = tags;
        _settings = settings;
        _lease = lease;
    }

    public LockLease Lease => _lease;

    public static async Task<DeploymentLock> AcquireAsync(ResourceGroupTags tags, string environment, string owner, string runId, LockSettings settings, Action<string> log, CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString("N")[..16];
        var deadline = DateTimeOffset.UtcNow + settings.Wait;
        var announced = false;
        while (true)
        {
            var group = await tags.ReadAsync(ct);
            var held = LockLease.Parse(group?.Tags.GetValueOrDefault(LockLease.TagName));
            var now = DateTimeOffset.UtcNow;
            if (held is null || held.IsExpired(now) || held.Token == token)
            {
                var mine = new LockLease(owner, runId, now + settings.Lease, token);
                await tags.UpdateAsync(t => t[LockLease.TagName] = mine.Format(), ct);
                await Task.Delay(settings.Settle, ct);
                var check = await tags.ReadAsync(ct);
                if (LockLease.Parse(check?.Tags.GetValueOrDefault(LockLease.TagName))?.Token == token)
                {
                    var acquired = new DeploymentLock(tags, settings, mine);
                    acquired.StartRenewal();
                    return acquired;
                }

                continue; // another writer won the race; wait for its lease like any other holder
            }

            if (now >= deadline)
            {
                throw new ToolkitException(
                    $"Environment '{environment}' is locked by {held.Owner} (pipeline run {(held.RunId.Length > 0 ? held.RunId : "none")}) until {held.Expires.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; " +
                    $"waited {settings.Wait.TotalSeconds:0} s (--lock-timeout). Retry when it finishes; a lease whose holder died expires on its own.");
            }

            if (!announced)
            {
                log($"Waiting for the deployment lock held by {held.Owner} (pipeline run {(held.RunId.Length > 0 ? held.RunId : "none")}), up to {settings.Wait.TotalSeconds:0} s.");
                announced = true;
            }

            var remaining = deadline - now;
            await Task.Delay(remaining < settings.Poll ? remaining : settings.Poll, ct);
        }
    }

    private void StartRenewal()
    {
        _renewLoop = Task.Run(async () =>
        {
            var interval = _settings.Lease / 3;
            while (!_renewal.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, _renewal.Token);
                    var renewed = _lease with { Expires = DateTimeOffset.UtcNow + _settings.Lease };
                    await _tags.UpdateAsync(t => t[LockLease.TagName] = renewed.Format(), _renewal.Token);
                    _lease = renewed;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception)
                {
                    // A failed renewal is retried at the next interval; the lease is long enough to absorb one miss.
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.CancelAsync();
        if (_renewLoop is not null)
        {
            await _renewLoop;
        }

        // Release only our own lease (an expired one may have been taken over). A failed release must not hide the
        // run's own outcome: the lease then simply expires.
        try
        {
            await _tags.UpdateAsync(t =>
            {
                if (t.TryGetValue(LockLease.TagName, out var value) && LockLease.Parse(value)?.Token == _lease.Token)
                {
                    t.Remove(LockLease.TagName);
                }
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Arm.ArmException or ToolkitException)
        {
        }

        _renewal.Dispose();
    }
}
