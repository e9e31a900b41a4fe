namespace ProjectScout.Model.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>One problem in one input, located well enough for a user to jump to it.</summary>
/// <param name="File">Path relative to the repository root where possible.</param>
/// <param name="Line">1-based line, or 0 when the problem concerns the whole file.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Code">A stable rule or check code, e.g. <c>env.storage-account-name</c>.</param>
public sealed record Problem(string File, int Line, int Column, string Code, string Message, Severity Severity = Severity.Error)
{
    /// <summary>The compiler-style form CI systems and editors understand: <c>file(line,col) code: message</c>.</summary>
    public override string ToString()
    {
        var location = Line > 0 ? $"({Line},{Math.Max(Column, 1)})" : string.Empty;
        var level = Severity == Severity.Warning ? "warning " : string.Empty;
        return $"{File}{location} {level}{Code}: {Message}";
    }
}

/// <summary>
/// Errors are values until the task boundary; this carries every problem of an input across it so the user
/// sees all of them in one run.
/// </summary>
public sealed class ProblemsException : Exception
{
    public ProblemsException(IReadOnlyList<Problem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<Problem> Problems { get; }

    private static string Describe(IReadOnlyList<Problem> problems)
    {
        var errors = problems.Count(p => p.Severity == Severity.Error);
        var header = errors == 1 ? "1 problem:" : $"{errors} problems:";
        return problems.Count == 1 ? problems[0].ToString() : header + "\n" + string.Join("\n", problems.Select(p => "  " + p));
    }

    public static void ThrowIfAny(IEnumerable<Problem> problems)
    {
        var list = problems.ToList();
        if (list.Any(p => p.Severity == Severity.Error))
        {
            throw new ProblemsException(list);
        }
    }
}

/// <summary>A user-facing failure whose message is the whole story: no stack trace is shown for it.</summary>
public sealed class ToolkitException(string message, Exception? inner = null) : Exception(message, inner);
