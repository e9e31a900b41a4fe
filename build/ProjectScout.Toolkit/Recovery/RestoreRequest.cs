using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Configuration;

namespace ProjectScout.Toolkit.Recovery;

/// <summary>What the Restore target was asked: one table or one layer, to a version, a timestamp or the backup clone.</summary>
public sealed record RestoreRequest(string? Table, string? Layer, long? ToVersion, DateTimeOffset? ToTimestamp, bool FromBackup, bool Apply)
{
    /// <summary>The request the arguments make, or a <see cref="ToolkitException"/> of one line saying what to pass.</summary>
    public static RestoreRequest From(RunSettings settings)
    {
        string Arg(string name) => "--" + name;
        if ((settings.RestoreTable is null) == (settings.RestoreLayer is null))
        {
            throw new ToolkitException($"Restore needs exactly one of {Arg(ArgumentNames.Table)}=<layer.table> or {Arg(ArgumentNames.Layer)}=<layer>.");
        }

        var targets = new[] { settings.RestoreToVersion is not null, settings.RestoreToTimestamp is not null, settings.RestoreFromBackup }.Count(x => x);
        if (targets != 1)
        {
            throw new ToolkitException($"Restore needs exactly one of {Arg(ArgumentNames.ToVersion)}=<n>, {Arg(ArgumentNames.ToTimestamp)}=<yyyy-MM-ddTHH:mm:ssZ> or {Arg(ArgumentNames.FromBackup)}" +
                (targets > 1 ? "; more than one was given." : "."));
        }

        long? version = null;
        if (settings.RestoreToVersion is { } text)
        {
            version = long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ToolkitException($"Argument {Arg(ArgumentNames.ToVersion)} takes a table version (a whole number from DESCRIBE HISTORY), not '{text}'.");
        }

        DateTimeOffset? timestamp = null;
        if (settings.RestoreToTimestamp is { } when)
        {
            timestamp = DateTimeOffset.TryParse(when, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed.ToUniversalTime()
                : throw new ToolkitException($"Argument {Arg(ArgumentNames.ToTimestamp)} takes an ISO 8601 time such as 2026-08-01T02:00:00Z, not '{when}'.");
        }

        return new RestoreRequest(settings.RestoreTable, settings.RestoreLayer, version, timestamp, settings.RestoreFromBackup, settings.RestoreApply);
    }
}
