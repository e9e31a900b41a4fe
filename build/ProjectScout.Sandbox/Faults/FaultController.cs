namespace ProjectScout.Sandbox.Faults;

/// <summary>A fault chosen for one request.</summary>
public sealed record FaultDecision(FaultRule Rule, FaultKind Kind);

/// <summary>
/// The live fault state of a server: rules with their remaining counts and the rate limiter. Thread-safe; tests and
/// the <c>/_sandbox/faults</c> endpoint change it while the server runs.
/// </summary>
public sealed class FaultController
{
    private readonly object _gate = new();
    private readonly List<ActiveRule> _rules = [];
    private readonly Queue<long> _recent = new();
    private readonly TimeProvider _clock;
    private double? _rateLimit;

    internal FaultController(FaultSettings settings, TimeProvider clock)
    {
        _clock = clock;
        Apply(settings);
    }

    /// <summary>Replaces every rule and the rate limit.</summary>
    public void Apply(FaultSettings settings)
    {
        lock (_gate)
        {
            _rules.Clear();
            _rules.AddRange(settings.Rules.Select(r => new ActiveRule(r)));
            _rateLimit = settings.RateLimitPerSecond;
            _recent.Clear();
        }
    }

    public void Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(new ActiveRule(rule));
        }
    }

    /// <summary>Removes every rule and the rate limit.</summary>
    public void Clear() => Apply(new FaultSettings());

    public void SetRateLimit(double? requestsPerSecond)
    {
        lock (_gate)
        {
            _rateLimit = requestsPerSecond;
            _recent.Clear();
        }
    }

    /// <summary>The rules still able to fire, with what is left of their counts.</summary>
    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return new FaultSettings
                {
                    Rules = _rules.Where(r => r.Remaining != 0).Select(r => r.Rule with { Count = r.Remaining, Skip = r.SkipLeft }).ToList(),
                    RateLimitPerSecond = _rateLimit,
                };
            }
        }
    }

    /// <summary>True when this request is over the rate limit (a sliding one-second window).</summary>
    internal bool OverRateLimit()
    {
        lock (_gate)
        {
            if (_rateLimit is not { } limit)
            {
                return false;
            }

            var now = _clock.GetTimestamp();
            var window = _clock.TimestampFrequency;
            while (_recent.Count > 0 && now - _recent.Peek() >= window)
            {
                _recent.Dequeue();
            }

            if (_recent.Count + 1 > Math.Max(1, (int)Math.Floor(limit)))
            {
                return true;
            }

            _recent.Enqueue(now);
            return false;
        }
    }

    /// <summary>The first rule that fires for this operation (consuming one of its count), or null.</summary>
    internal FaultDecision? Next(string operation)
    {
        lock (_gate)
        {
            foreach (var active in _rules)
            {
                if (active.Remaining == 0 || !active.Rule.Matches(operation))
                {
                    continue;
                }

                if (active.SkipLeft > 0)
                {
                    active.SkipLeft--;
                    continue;
                }

                if (active.Remaining > 0)
                {
                    active.Remaining--;
                }

                return new FaultDecision(active.Rule, active.Rule.Kind);
            }

            return null;
        }
    }

    private sealed class ActiveRule(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;
        public int Remaining { get; set; } = rule.Count;
        public int SkipLeft { get; set; } = rule.Skip;
    }
}
