using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProjectScout.Sandbox.Faults;

/// <summary>What an injected fault does to a matching request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>429 with Retry-After, in the service's error shape.</summary>
    TooManyRequests,

    /// <summary>500 in the service's error shape.</summary>
    InternalServerError,

    /// <summary>503 with Retry-After, in the service's error shape.</summary>
    ServiceUnavailable,

    /// <summary>The connection is aborted: the client sees no response at all.</summary>
    DropConnection,

    /// <summary>The request is answered normally after <see cref="FaultRule.DelayMilliseconds"/>.</summary>
    Delay,
}

/// <summary>
/// One fault: which operation it hits, what it does, and how often. With <see cref="AfterOperation"/> the operation
/// is performed (and its state change kept) before the client is given the error, the "create succeeded but the
/// client saw a failure" case.
/// </summary>
public sealed record FaultRule
{
    /// <summary>Operation name ("jobs/create", "arm/deployments/put"), a prefix ending in "*" ("workspace/*", "arm/*"), or "*" for all.</summary>
    public string Operation { get; init; } = "*";

    public FaultKind Kind { get; init; }

    /// <summary>How many matching requests fail; -1 = every one.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Matching requests to let through before the fault starts (fail the 3rd call: Skip = 2).</summary>
    public int Skip { get; init; }

    /// <summary>Perform the operation first, then fail the response.</summary>
    public bool AfterOperation { get; init; }

    /// <summary>Retry-After seconds sent with 429 and 503.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Delay before the answer, for <see cref="FaultKind.Delay"/>.</summary>
    public int DelayMilliseconds { get; init; } = 1000;

    public bool Matches(string operation) =>
        Operation == "*"
        || string.Equals(Operation, operation, StringComparison.OrdinalIgnoreCase)
        || (Operation.EndsWith('*') && operation.StartsWith(Operation[..^1], StringComparison.OrdinalIgnoreCase));
}

/// <summary>The fault configuration: rules plus a server-side rate limit. Loaded from JSON and/or environment variables.</summary>
public sealed record FaultSettings
{
    /// <summary>The environment variable naming a JSON file of <see cref="FaultSettings"/> (or holding the JSON inline).</summary>
    public const string FaultsVariable = "PROJECTSCOUT_SANDBOX_FAULTS";

    /// <summary>The environment variable holding a requests-per-second limit (429 + Retry-After above it).</summary>
    public const string RateLimitVariable = "PROJECTSCOUT_SANDBOX_RATE_LIMIT";

    public IReadOnlyList<FaultRule> Rules { get; init; } = [];

    /// <summary>Requests per second above which the sandbox answers 429 with Retry-After; null = unlimited.</summary>
    public double? RateLimitPerSecond { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static FaultSettings Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<FaultSettings>(json, Json) ?? new FaultSettings();
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{source}: invalid fault configuration ({ex.Message}). Expected {{\"rules\":[{{\"operation\":\"jobs/create\",\"kind\":\"TooManyRequests\",\"count\":1}}],\"rateLimitPerSecond\":null}}.", ex);
        }
    }

    public static FaultSettings Load(string path) =>
        File.Exists(path)
            ? Parse(File.ReadAllText(path), path)
            : throw new ArgumentException($"{path}: fault configuration file not found (set {FaultsVariable} to a JSON file or to inline JSON).");

    /// <summary>Reads <see cref="FaultsVariable"/> (file path or inline JSON) and <see cref="RateLimitVariable"/>; empty when neither is set.</summary>
    public static FaultSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var settings = new FaultSettings();
        var faults = read(FaultsVariable);
        if (!string.IsNullOrWhiteSpace(faults))
        {
            settings = faults.TrimStart().StartsWith('{') ? Parse(faults, FaultsVariable) : Load(faults);
        }

        var rate = read(RateLimitVariable);
        if (!string.IsNullOrWhiteSpace(rate))
        {
            if (!double.TryParse(rate, System.Globalization.CultureInfo.InvariantCulture, out var perSecond) || perSecond <= 0)
            {
                throw new ArgumentException($"{RateLimitVariable}='{rate}' is not a positive number of requests per second.");
            }

            settings = settings with { RateLimitPerSecond = perSecond };
        }

        return settings;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
