using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Configuration;

/// <summary>One argument of the toolkit: its name, the value a user writes (null for a flag) and what it does.</summary>
public sealed record ArgumentDeclaration(string Name, string? Value, string Description);

/// <summary>The names of the toolkit's own command-line arguments, declared once.</summary>
public static class ArgumentNames
{
    /// <summary>Every argument the toolkit reads; the host refuses any other (see --help).</summary>
    public static IReadOnlyList<ArgumentDeclaration> All { get; } =
    [
        new(Environment, "<env>", "The environment file under templates/environments (default sandbox)."),
        new(WhatIf, null, "Deploy targets stop after the plan; exit code 2 when it has changes, 0 when not."),
        new(AllowDelete, null, "Permit a plan that deletes a stateful resource."),
        new(Complete, null, "Also delete the group's resources no phase declares (stateful ones need --allow-delete)."),
        new(RevokeUnmanagedGrants, null, "Revoke Unity Catalog grants on the managed securables to principals the environment does not name (otherwise reported only)."),
        new(SmokeRun, null, "Deploy (last phase) and Verify: run the daily job once in a real environment and require SUCCESS (the sandbox always does)."),
        new(AcceptBreaking, "<resource>", "Let a consumer-breaking change to an adopted resource go ahead (comma-separated or repeated names)."),
        new(Seed, "<name>", "SandboxReset: load a seed into the fresh state (original: the original system's four resources)."),
        new(AutoApprove, null, "Apply without asking; required for a real environment when there is no terminal (pipelines)."),
        new(PlanOut, "<file>", "Deploy targets: save the plan of every phase run to <file> (JSON), for review and --plan."),
        new(Plan, "<file>", "Apply exactly a plan saved with --plan-out; refused if the live state changed since."),
        new(Output, "text|json", "json: the plan of every phase run on stdout as JSON; the log goes to stderr."),
        new(FromRelease, "<zip>", "Deploy exactly the contents of a release bundle, after checking every hash."),
        new(ReleaseSha256, "<sha256>", "With --from-release: the SHA-256 Package printed for the zip; any other zip is refused."),
        new(PipelineRunId, "<id>", "Recorded with each deployed phase (defaults to BUILD_BUILDID)."),
        new(LockTimeout, "<seconds>", "How long a deploy waits for another deploy of the same environment."),
        new(LockToken, "<token>", "Unlock: the token of the deployment lock to break (shown when a deploy waits for it)."),
        new(QualityRows, "<rows>", "TestQuality: rows of sample data per table (default 20000)."),
        new(QualitySeed, "<seed>", "TestQuality: the seed of the sample data (default 42)."),
        new(DocsFlavor, "<github|azure-devops>", "Docs: the Markdown flavour of the documents (default github; azure-devops fences diagrams with ::: mermaid)."),
        new(Table, "<layer.table>", "Restore: the contract table to recover."),
        new(Layer, "<layer>", "Restore: recover every contract table of the layer."),
        new(ToVersion, "<n>", "Restore: RESTORE TABLE … TO VERSION AS OF n (a version from DESCRIBE HISTORY)."),
        new(ToTimestamp, "<time>", "Restore: RESTORE TABLE … TO TIMESTAMP AS OF the time (ISO 8601, UTC)."),
        new(FromBackup, null, "Restore: deep-clone the table back from the backup catalog (recovery.backupCatalog)."),
        new(Apply, null, "Restore: run the planned statements (without it Restore only lists them); a real environment asks first."),
        new(WarehouseId, "<id>", "Restore: run the statements on this SQL warehouse instead of the toolkit's declared one (governance.yaml sqlWarehouse)."),
    ];

    public const string Environment = "environment";
    public const string WhatIf = "what-if";
    public const string AllowDelete = "allow-delete";
    public const string Complete = "complete";
    public const string RevokeUnmanagedGrants = "revoke-unmanaged-grants";
    public const string SmokeRun = "smoke-run";
    public const string AcceptBreaking = "accept-breaking";
    public const string Seed = "seed";
    public const string AutoApprove = "auto-approve";
    public const string PlanOut = "plan-out";
    public const string Plan = "plan";
    public const string Output = "output";
    public const string FromRelease = "from-release";
    public const string ReleaseSha256 = "release-sha256";
    public const string PipelineRunId = "pipeline-run-id";
    public const string LockTimeout = "lock-timeout";
    public const string LockToken = "lock-token";
    public const string QualityRows = "quality-rows";
    public const string QualitySeed = "quality-seed";
    public const string DocsFlavor = "docs-flavor";
    public const string Table = "table";
    public const string Layer = "layer";
    public const string ToVersion = "to-version";
    public const string ToTimestamp = "to-timestamp";
    public const string FromBackup = "from-backup";
    public const string Apply = "apply";
    public const string WarehouseId = "warehouse-id";
}

/// <summary>
/// The run's typed settings, read once from the command line (and cake.config defaults) and validated up front,
/// as GitVersion's context does: tasks read properties, never raw arguments.
/// </summary>
public sealed record RunSettings
{
    public required string EnvironmentName { get; init; }

    /// <summary>True when no --environment was given: the run targets the default (cake.config), which must be a sandbox.</summary>
    public bool EnvironmentIsDefault { get; init; }
    public bool WhatIf { get; init; }
    public bool AllowDelete { get; init; }

    /// <summary>Complete mode: resources no phase declares are deleted.</summary>
    public bool Complete { get; init; }

    /// <summary>--smoke-run: in a real environment the deploy's last verify and Verify run the daily job once (the sandbox always does).</summary>
    public bool SmokeRun { get; init; }

    /// <summary>--accept-breaking: names of adopted resources whose consumer-breaking changes go ahead.</summary>
    public IReadOnlyList<string> AcceptBreaking { get; init; } = [];

    /// <summary>SandboxReset: the seed loaded into the fresh state, or null for an empty sandbox.</summary>
    public string? Seed { get; init; }

    /// <summary>Apply without asking at the terminal (a pipeline's explicit opt-in).</summary>
    public bool AutoApprove { get; init; }

    /// <summary>Unity Catalog grants to principals the environment does not name are revoked, not only reported.</summary>
    public bool RevokeUnmanagedGrants { get; init; }

    /// <summary>Where to save the run's plans, or null.</summary>
    public string? PlanOut { get; init; }

    /// <summary>A plan saved by --plan-out that this run must match exactly, or null.</summary>
    public string? PlanFile { get; init; }

    /// <summary>The plan as JSON on stdout (logs on stderr).</summary>
    public bool JsonOutput { get; init; }

    public string? FromRelease { get; init; }

    /// <summary>The SHA-256 the release zip must have (from the Package stage); required with <see cref="FromRelease"/>.</summary>
    public string? ReleaseSha256 { get; init; }

    /// <summary>Unlock: the token of the lease to break.</summary>
    public string? LockToken { get; init; }

    public string? PipelineRunId { get; init; }
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);

    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>TestQuality: rows of sample data per table.</summary>
    public long QualityRows { get; init; } = 20_000;

    /// <summary>TestQuality: the seed of the sample data.</summary>
    public int QualitySeed { get; init; } = 42;

    /// <summary>Docs: where the Markdown documents are read (GitHub or the Azure DevOps wiki).</summary>
    public Docs.MarkdownFlavor DocsFlavor { get; init; } = Docs.MarkdownFlavor.GitHub;

    /// <summary>Restore: the arguments as given (checked together by <see cref="Recovery.RestoreRequest.From"/>).</summary>
    public string? RestoreTable { get; init; }
    public string? RestoreLayer { get; init; }
    public string? RestoreToVersion { get; init; }
    public string? RestoreToTimestamp { get; init; }
    public bool RestoreFromBackup { get; init; }
    public bool RestoreApply { get; init; }
    public string? WarehouseId { get; init; }

    /// <summary>Reads settings through <paramref name="argument"/> (null when absent); throws <see cref="ToolkitException"/> with one line per bad value.</summary>
    public static RunSettings Read(Func<string, string?> argument, string defaultEnvironment, IReadOnlyList<string> knownEnvironments, Func<string, IReadOnlyList<string>>? repeated = null)
    {
        repeated ??= name => argument(name) is { } single ? [single] : [];
        var errors = new List<string>();
        var environment = argument(ArgumentNames.Environment) ?? defaultEnvironment;
        if (!knownEnvironments.Contains(environment, StringComparer.Ordinal))
        {
            errors.Add(Environments.EnvironmentCatalog.UnknownEnvironmentMessage(environment, knownEnvironments));
        }

        var settings = new RunSettings
        {
            EnvironmentName = environment,
            EnvironmentIsDefault = argument(ArgumentNames.Environment) is null,
            WhatIf = Flag(argument, ArgumentNames.WhatIf, errors),
            AllowDelete = Flag(argument, ArgumentNames.AllowDelete, errors),
            Complete = Flag(argument, ArgumentNames.Complete, errors),
            SmokeRun = Flag(argument, ArgumentNames.SmokeRun, errors),
            AcceptBreaking = Names(repeated(ArgumentNames.AcceptBreaking), ArgumentNames.AcceptBreaking, errors),
            Seed = argument(ArgumentNames.Seed),
            AutoApprove = Flag(argument, ArgumentNames.AutoApprove, errors),
            RevokeUnmanagedGrants = Flag(argument, ArgumentNames.RevokeUnmanagedGrants, errors),
            PlanOut = argument(ArgumentNames.PlanOut),
            PlanFile = argument(ArgumentNames.Plan),
            JsonOutput = OutputFormat(argument, errors),
            FromRelease = argument(ArgumentNames.FromRelease),
            ReleaseSha256 = argument(ArgumentNames.ReleaseSha256)?.Trim().ToLowerInvariant(),
            LockToken = argument(ArgumentNames.LockToken),
            // Azure DevOps exposes its run id as BUILD_BUILDID; an explicit argument wins.
            PipelineRunId = argument(ArgumentNames.PipelineRunId) ?? System.Environment.GetEnvironmentVariable("BUILD_BUILDID"),
            LockTimeout = Duration(argument, ArgumentNames.LockTimeout, DefaultLockTimeout, errors),
            QualityRows = WholeNumber(argument, ArgumentNames.QualityRows, 20_000, 8, 100_000_000, errors),
            QualitySeed = (int)WholeNumber(argument, ArgumentNames.QualitySeed, 42, 0, int.MaxValue, errors),
            DocsFlavor = Flavor(argument, errors),
            RestoreTable = argument(ArgumentNames.Table),
            RestoreLayer = argument(ArgumentNames.Layer),
            RestoreToVersion = argument(ArgumentNames.ToVersion),
            RestoreToTimestamp = argument(ArgumentNames.ToTimestamp),
            RestoreFromBackup = Flag(argument, ArgumentNames.FromBackup, errors),
            RestoreApply = Flag(argument, ArgumentNames.Apply, errors),
            WarehouseId = argument(ArgumentNames.WarehouseId),
        };

        if (settings.FromRelease is not null && settings.ReleaseSha256 is null)
        {
            errors.Add($"Argument --{ArgumentNames.FromRelease} needs --{ArgumentNames.ReleaseSha256}=<the SHA-256 Package printed>: a release is deployed only when it is the one that was built.");
        }
        else if (settings.ReleaseSha256 is { } sha && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
        {
            errors.Add($"Argument --{ArgumentNames.ReleaseSha256} takes the 64 hex digits of a SHA-256, not '{sha}'.");
        }

        if (errors.Count > 0)
        {
            throw new ToolkitException(string.Join("\n", errors));
        }

        return settings;
    }

    /// <summary>Comma-separated and repeated values as one list of distinct names; an empty name is refused.</summary>
    private static IReadOnlyList<string> Names(IReadOnlyList<string> values, string name, List<string> errors)
    {
        var names = values.SelectMany(v => v.Split(',')).Select(n => n.Trim()).ToList();
        if (names.Any(n => n.Length == 0))
        {
            errors.Add($"Argument --{name} takes resource names, comma-separated (e.g. --{name}=tbwajuicerstorage), not '{string.Join(",", values)}'.");
        }

        return names.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static bool Flag(Func<string, string?> argument, string name, List<string> errors)
    {
        var value = argument(name);
        if (value is null)
        {
            return false;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors.Add($"Argument --{name} takes true or false, not '{value}'.");
        return false;
    }

    private static Docs.MarkdownFlavor Flavor(Func<string, string?> argument, List<string> errors)
    {
        var value = argument(ArgumentNames.DocsFlavor);
        var known = Docs.MarkdownText.Flavors;
        if (value is null)
        {
            return Docs.MarkdownFlavor.GitHub;
        }

        var match = known.FirstOrDefault(f => string.Equals(f.Name, value, StringComparison.OrdinalIgnoreCase));
        if (match.Name is null)
        {
            errors.Add($"Argument --{ArgumentNames.DocsFlavor} takes {string.Join(" or ", known.Select(f => f.Name))}, not '{value}'.");
            return Docs.MarkdownFlavor.GitHub;
        }

        return match.Flavor;
    }

    private static bool OutputFormat(Func<string, string?> argument, List<string> errors)
    {
        var value = argument(ArgumentNames.Output);
        if (value is null or "text")
        {
            return false;
        }

        if (value == "json")
        {
            return true;
        }

        errors.Add($"Argument --{ArgumentNames.Output} takes text or json, not '{value}'.");
        return false;
    }

    private static TimeSpan Duration(Func<string, string?> argument, string name, TimeSpan fallback, List<string> errors)
    {
        var value = argument(name);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        errors.Add($"Argument --{name} takes a number of seconds, not '{value}'.");
        return fallback;
    }

    private static long WholeNumber(Func<string, string?> argument, string name, long fallback, long min, long max, List<string> errors)
    {
        var value = argument(name);
        if (value is null)
        {
            return fallback;
        }

        if (long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors.Add($"Argument --{name} takes a whole number between {min} and {max}, not '{value}'.");
        return fallback;
    }
}
