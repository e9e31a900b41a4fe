using System.Globalization;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>A lease on an environment: who holds it (and on which host, in which process), for which pipeline run, until when.</summary>
public sealed record LockLease(string Owner, string RunId, DateTimeOffset Expires, string Token)
{
    public const string TagName = "projectscout-deploy-lock";

    /// <summary>The machine of the holder: a holder on this machine whose process is gone is taken over at once.</summary>
    public string Host { get; init; } = "";

    /// <summary>The holder's process id on <see cref="Host"/> (0: unknown).</summary>
    public int ProcessId { get; init; }

    public bool IsExpired(DateTimeOffset now) => Expires <= now;

    /// <summary>True when the holder ran on this machine and its process no longer exists (killed, crashed).</summary>
    public bool HolderIsGoneFromThisHost() =>
        ProcessId > 0 && ProcessId != Environment.ProcessId && string.Equals(Host, ThisHost, StringComparison.OrdinalIgnoreCase) && !IsRunning(ProcessId);

    /// <summary>This machine's name as a lease records it.</summary>
    public static string ThisHost => Clip(Environment.MachineName, 63);

    /// <summary>owner=...;host=...;pid=...;run=...;expires=2026-11-22T18:00:00Z;token=... (≤ 256 characters, the ARM tag value limit).</summary>
    public string Format() =>
        $"owner={Clip(Owner, 100)};host={Clip(Host, 63)};pid={ProcessId};run={Clip(RunId, 24)};expires={Expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)};token={Token}";

    /// <summary>How a user names this lease to break it.</summary>
    public string Describe() =>
        $"{Owner} (pipeline run {(RunId.Length > 0 ? RunId : "none")}) with lock token {Token}";

    private static string Clip(string value, int length)
    {
        var clean = value.Replace(";", ",").Replace("=", "-");
        return clean.Length > length ? clean[..length] : clean;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
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

        return new LockLease(parts.GetValueOrDefault("owner", "unknown"), parts.GetValueOrDefault("run", ""), until, token)
        {
            Host = parts.GetValueOrDefault("host", ""),
            ProcessId = int.TryParse(parts.GetValueOrDefault("pid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0,
        };
    }
}

/// <summary>How long a lease lasts and how the waiting behaves.</summary>
public sealed record LockSettings
{
    /// <summary>Short, and renewed every third of it while the holder runs: a holder that died blocks for minutes, not half an hour.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan Wait { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between writing the lease and reading it back; two writers racing within it resolve to the last write.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The per-environment deployment lock, kept as a tag on the environment's resource group (see docs/deployment.md:
/// it exists on real Azure and in the sandbox before anything else, and every agent can read it). ARM tags have no
/// compare-and-set, so a lease is taken by write-then-read-back: write our token, wait <see cref="LockSettings.Settle"/>,
/// read again; only the writer whose token survived holds it. The lease is short, renewed while held, and expires on
/// its own when its holder dies; a holder on this host whose process is gone is taken over at once (and logged);
/// <see cref="BreakAsync"/> removes a named lease (the Unlock target, like Terraform's force-unlock).
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
            if (held is not null && !held.IsExpired(now) && held.Token != token && held.HolderIsGoneFromThisHost())
            {
                log($"Taking over the deployment lock of {held.Describe()}: its process {held.ProcessId} on this host ({held.Host}) is gone.");
                held = null;
            }

            if (held is null || held.IsExpired(now) || held.Token == token)
            {
                var mine = new LockLease(owner, runId, now + settings.Lease, token) { Host = LockLease.ThisHost, ProcessId = Environment.ProcessId };
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
                    $"Environment '{environment}' is locked by {held.Describe()} until {held.Expires.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; " +
                    $"waited {settings.Wait.TotalSeconds:0} s (--lock-timeout). Retry when it finishes (a lease whose holder died expires within {settings.Lease.TotalMinutes:0.#} min), " +
                    $"or, if no deploy is running, break it: ./build.sh --target=Unlock --environment={environment} --lock-token={held.Token}");
            }

            if (!announced)
            {
                log($"Waiting for the deployment lock held by {held.Describe()}, up to {settings.Wait.TotalSeconds:0} s.");
                announced = true;
            }

            var remaining = deadline - now;
            await Task.Delay(remaining < settings.Poll ? remaining : settings.Poll, ct);
        }
    }

    /// <summary>
    /// Breaks the lease whose token is <paramref name="token"/> (Terraform's force-unlock): only that lease, so a lock taken
    /// since by someone else is never broken by mistake. Returns the lease that was removed.
    /// </summary>
    public static async Task<LockLease> BreakAsync(ResourceGroupTags tags, string environment, string token, CancellationToken ct)
    {
        var group = await tags.ReadAsync(ct);
        var held = LockLease.Parse(group?.Tags.GetValueOrDefault(LockLease.TagName))
            ?? throw new ToolkitException($"Environment '{environment}' is not locked: nothing to unlock (--lock-token={token}).");
        if (held.Token != token)
        {
            throw new ToolkitException($"Environment '{environment}' is locked by {held.Describe()}, not with lock token '{token}': nothing broken. Pass the token the lock shows.");
        }

        var removed = false;
        await tags.UpdateAsync(t =>
        {
            if (t.TryGetValue(LockLease.TagName, out var value) && LockLease.Parse(value)?.Token == token)
            {
                removed = t.Remove(LockLease.TagName);
            }
        }, ct);
        return removed ? held : throw new ToolkitException($"Environment '{environment}': the lock changed hands while unlocking; nothing broken. Run Unlock again with the token it shows now.");
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
