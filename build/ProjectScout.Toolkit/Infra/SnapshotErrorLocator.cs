using System.Text.RegularExpressions;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra;

/// <summary>
/// An error the template language raises only when a phase is evaluated (the snapshot: e.g. int() of a name) names a
/// resource and a line of the compiled JSON, which nobody edits. This finds the declaration in the .bicep sources — the
/// resource symbol and type at that compiled line, declared once (not as <c>existing</c>) — so the error is reported
/// once, at the line to change.
/// </summary>
public static partial class SnapshotErrorLocator
{
    public const string Code = "bicep.snapshot";

    /// <summary>The error as one problem: at the .bicep declaration when it is unambiguous, else at the compiled template line.</summary>
    public static Problem Locate(string message, string compiledTemplate, string infraDirectory, Func<string, string> display)
    {
        var match = ResourceAtLineRegex().Match(message);
        var reason = CleanReason(message);
        if (!match.Success)
        {
            return new Problem(display(compiledTemplate), 0, 0, Code, reason);
        }

        var (symbol, line, column) = (match.Groups[1].Value, int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
        var type = ResourceTypeAt(compiledTemplate, line);
        var declarations = type is null ? [] : Declarations(infraDirectory, symbol, type);
        if (declarations.Count == 1)
        {
            var (file, declarationLine, declarationColumn) = declarations[0];
            return new Problem(display(file), declarationLine, declarationColumn, Code, $"resource '{symbol}' ({type}) cannot be deployed: {reason}");
        }

        return new Problem(display(compiledTemplate), line, column, Code, $"resource '{symbol}'{(type is null ? "" : $" ({type})")}: {reason}");
    }

    /// <summary>The "type" of the resource whose object starts at <paramref name="line"/> of the compiled template.</summary>
    private static string? ResourceTypeAt(string compiledTemplate, int line)
    {
        if (!File.Exists(compiledTemplate))
        {
            return null;
        }

        return File.ReadLines(compiledTemplate).Skip(line - 1).Take(12)
            .Select(l => TypePropertyRegex().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
    }

    /// <summary>Every deployed (not <c>existing</c>) declaration of <paramref name="symbol"/> with <paramref name="type"/> under the infra folder.</summary>
    private static List<(string File, int Line, int Column)> Declarations(string infraDirectory, string symbol, string type)
    {
        var declaration = new Regex($@"^(\s*)resource\s+{Regex.Escape(symbol)}\s+'{Regex.Escape(type)}@[^']*'(?!\s+existing)", RegexOptions.IgnoreCase);
        var found = new List<(string, int, int)>();
        foreach (var file in Directory.EnumerateFiles(infraDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var text in File.ReadLines(file))
            {
                number++;
                if (declaration.Match(text) is { Success: true } m)
                {
                    found.Add((file, number, m.Groups[1].Length + 1));
                }
            }
        }

        return found;
    }

    // "bicep bicep/getSnapshot: The template resource 'x' at line '1' and column '2' is not valid: <reason>. Please see …"
    private static string CleanReason(string message)
    {
        var reason = message;
        var valid = reason.IndexOf("is not valid: ", StringComparison.Ordinal);
        if (valid >= 0)
        {
            reason = reason[(valid + "is not valid: ".Length)..];
        }
        else if (reason.StartsWith("bicep ", StringComparison.Ordinal) && reason.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0)
        {
            reason = reason[(colon + 2)..];
        }

        return reason.Replace(". Please see https://aka.ms/arm-functions for usage details.", "", StringComparison.Ordinal).TrimEnd('.', ' ') + ".";
    }

    [GeneratedRegex(@"template resource '([^']+)' at line '(\d+)' and column '(\d+)'")]
    private static partial Regex ResourceAtLineRegex();

    [GeneratedRegex(@"^\s*""type"":\s*""([^""]+)""")]
    private static partial Regex TypePropertyRegex();
}
