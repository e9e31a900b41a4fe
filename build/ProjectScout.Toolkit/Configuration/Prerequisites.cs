using ProjectScout.Toolkit.IO;

namespace ProjectScout.Toolkit.Configuration;

/// <summary>A tool the toolkit starts from PATH, what it is used for, what happens without it and how to install it.</summary>
public sealed record Prerequisite(string Tool, string UsedBy, string Without, string Install)
{
    /// <summary>The one line a run prints when the tool is missing.</summary>
    public string MissingLine => $"{Tool} not found on PATH: {Without}. {Install}";
}

/// <summary>
/// The optional tools (the .NET SDK, the one required one, is checked by build.sh/build.ps1 before the host exists).
/// Each is listed once, here; the README's prerequisites table says the same in prose.
/// </summary>
public static class Prerequisites
{
    public static Prerequisite Python { get; } = new("python3", "ParseNotebooks",
        "the Python syntax check of the rendered notebooks is skipped (every other check still runs)",
        "Install Python 3 (https://www.python.org/downloads/, `apt-get install python3`, `brew install python`) to run it.");

    public static Prerequisite Npm { get; } = new("npm", "Docs",
        "the HTML documents show the diagram's Mermaid source instead of the drawing (mermaid is fetched once with npm pack and cached)",
        "Install Node.js with npm (https://nodejs.org/) to draw it.");

    /// <summary>
    /// The missing tools a run of <paramref name="tasks"/> would use: python3 when ParseNotebooks runs; npm when Docs
    /// runs and <paramref name="mermaidCached"/> is false (a cached copy needs no npm).
    /// </summary>
    public static IReadOnlyList<Prerequisite> MissingFor(IEnumerable<string> tasks, bool mermaidCached, Func<string, string?>? find = null)
    {
        find ??= tool => ToolPath.Find(tool);
        var names = tasks.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { Python, Npm }
            .Where(p => names.Contains(p.UsedBy) && !(p == Npm && mermaidCached) && find(p.Tool) is null)
            .ToList();
    }
}
