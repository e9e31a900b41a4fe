using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProjectScout.Sandbox.Hosting;

/// <summary>One request as the sandbox saw it. Status 0 = the connection was dropped (injected fault).</summary>
public sealed record RequestLogEntry(
    long Sequence,
    DateTimeOffset Time,
    string Service,
    string Method,
    string Path,
    string Operation,
    int Status,
    double DurationMilliseconds,
    string? Fault);

/// <summary>Every request in memory (for counting in tests and benchmarks) and appended as JSON lines to a file.</summary>
public sealed class RequestLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly object _gate = new();
    private readonly List<RequestLogEntry> _entries = [];
    private readonly string _path;
    private long _sequence;

    internal RequestLog(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>The file the log is appended to.</summary>
    public string FilePath => _path;

    public IReadOnlyList<RequestLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    /// <summary>How many requests were seen, optionally only those of one operation (same matching as fault rules: exact, "prefix*" or "*").</summary>
    public int Count(string? operation = null, int? status = null)
    {
        lock (_gate)
        {
            return _entries.Count(e => Matches(e, operation, status));
        }
    }

    public IReadOnlyList<RequestLogEntry> Where(string? operation = null, int? status = null, long afterSequence = 0)
    {
        lock (_gate)
        {
            return _entries.Where(e => e.Sequence > afterSequence && Matches(e, operation, status)).ToArray();
        }
    }

    /// <summary>Forgets the in-memory entries (the file keeps them).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal void Add(DateTimeOffset time, string service, string method, string path, string operation, int status, double milliseconds, string? fault)
    {
        lock (_gate)
        {
            var entry = new RequestLogEntry(++_sequence, time, service, method, path, operation, status, Math.Round(milliseconds, 1), fault);
            _entries.Add(entry);
            File.AppendAllText(_path, JsonSerializer.Serialize(entry, Json) + "\n");
        }
    }

    private static bool Matches(RequestLogEntry entry, string? operation, int? status) =>
        (status is null || entry.Status == status)
        && (operation is null || operation == "*"
            || string.Equals(entry.Operation, operation, StringComparison.OrdinalIgnoreCase)
            || (operation.EndsWith('*') && entry.Operation.StartsWith(operation[..^1], StringComparison.OrdinalIgnoreCase)));
}
