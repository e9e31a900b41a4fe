using Cake.Core;

namespace ProjectScout.Build.Hosting;

/// <summary>
/// Decides whether the run's output is coloured: only on a terminal, and never when NO_COLOR is set (https://no-color.org).
/// Cake colours whenever it detects ANSI support, even when its output is piped into a log file; this puts it right.
/// </summary>
public static class ConsoleColouring
{
    /// <summary>True when colour is wanted: NO_COLOR unset (or empty) and neither output stream redirected.</summary>
    public static bool IsWanted(string? noColor, bool outputRedirected, bool errorRedirected) =>
        string.IsNullOrEmpty(noColor) && !outputRedirected && !errorRedirected;

    /// <summary>The console the host writes to: Cake's own, wrapped to drop colour when it is not wanted.</summary>
    public static IConsole Choose(IConsole cakeConsole) =>
        IsWanted(Environment.GetEnvironmentVariable("NO_COLOR"), Console.IsOutputRedirected, Console.IsErrorRedirected)
            ? cakeConsole
            : new PlainConsole(cakeConsole);
}

/// <summary>Writes through another console with every colour change ignored and no ANSI escape codes.</summary>
public sealed class PlainConsole(IConsole inner) : IConsole
{
    public ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => inner.Write(format, arg);
    public void Write(string value) => inner.Write(value);
    public void WriteLine(string format, params object[] arg) => inner.WriteLine(format, arg);
    public void WriteLine(string value) => inner.WriteLine(value);
    public void WriteError(string format, params object[] arg) => inner.WriteError(format, arg);
    public void WriteError(string value) => inner.WriteError(value);
    public void WriteErrorLine(string format, params object[] arg) => inner.WriteErrorLine(format, arg);
    public void WriteErrorLine(string value) => inner.WriteErrorLine(value);

    public void ResetColor()
    {
    }
}
