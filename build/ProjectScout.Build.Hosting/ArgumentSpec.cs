namespace ProjectScout.Build.Hosting;

/// <summary>
/// One argument the build accepts besides the host's own options. <see cref="Value"/> names the value a user writes
/// (<c>&lt;env&gt;</c>); null for a flag (<c>--what-if</c>, true when bare). Declared arguments make the command line
/// strict: an undeclared <c>--name</c> fails before any task runs, naming the closest known one.
/// </summary>
public sealed record ArgumentSpec(string Name, string Description, string? Value = null)
{
    public bool IsFlag => Value is null;

    public string Usage => IsFlag ? $"--{Name}" : $"--{Name}={Value}";

    /// <summary>The host's own options, handled by <see cref="CommandLine"/> and never passed to the context.</summary>
    public static IReadOnlyList<ArgumentSpec> HostOptions { get; } =
    [
        new("target", $"The task to run (default {CommandLine.DefaultTarget}); also -t, or a bare word.", "<task>"),
        new("verbosity", "quiet, minimal, normal, verbose or diagnostic; also -v.", "<level>"),
        new("exclusive", "Run only the target, not its dependencies; also -e."),
        new("tree", "List the targets, their descriptions and dependencies (with --all, the internal tasks too)."),
        new("all", "With --tree: list the internal tasks too."),
        new("help", "Print this help; also -h, -?."),
        new("version", "Print the versions of the toolkit, Cake and Bicep."),
    ];

    /// <summary>True when two names differ only in case and dashes (PowerShell's -WhatIf for --what-if).</summary>
    public static bool SameIgnoringDashes(string a, string b) =>
        string.Equals(a.Replace("-", "", StringComparison.Ordinal), b.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    /// <summary>The known argument closest to <paramref name="name"/> (case, dashes and underscores ignored, then edit distance).</summary>
    public static string Closest(string name, IEnumerable<ArgumentSpec> known)
    {
        static string Normal(string text) => new(text.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var wanted = Normal(name);
        return known.Select(k => k.Name)
            .OrderBy(k => Distance(wanted, Normal(k)))
            .ThenBy(k => k, StringComparer.Ordinal)
            .First();
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
