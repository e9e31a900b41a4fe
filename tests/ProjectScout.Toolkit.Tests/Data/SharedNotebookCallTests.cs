using System.Text.RegularExpressions;
using ProjectScout.Tests;

namespace ProjectScout.Toolkit.Tests.Data;

/// <summary>
/// The shared notebook functions (notebooks/_shared) are called with as many arguments as they take: the Python syntax
/// check cannot see a call that only fails when the notebook runs (a TypeError on the cluster).
/// </summary>
public sealed class SharedNotebookCallTests
{
    [Test]
    public void Every_call_of_a_shared_function_passes_its_declared_parameters()
    {
        var shared = Directory.GetFiles(Path.Combine(Repository.Root, "notebooks", "_shared"), "*.scriban");
        var functions = shared.SelectMany(f => Regex.Matches(File.ReadAllText(f), @"^def (\w+)\(([^)]*)\)", RegexOptions.Multiline))
            .ToDictionary(m => m.Groups[1].Value, m => Arguments(m.Groups[2].Value).Count(a => !a.Contains('=', StringComparison.Ordinal)));
        Assert.That(functions, Does.ContainKey("ensure_table"), "the shared table helper is declared");

        var calls = Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.scriban", SearchOption.AllDirectories)
            .Where(f => !shared.Contains(f))
            .SelectMany(f => functions.Keys.SelectMany(name => Regex.Matches(File.ReadAllText(f), @"(?<![\w.])" + name + @"\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)")
                .Select(m => (File: Path.GetFileName(f), Name: name, Count: Arguments(m.Groups[1].Value).Count))))
            .ToList();

        Assert.That(calls, Is.Not.Empty);
        Assert.That(calls.Where(c => c.Count < functions[c.Name]).Select(c => $"{c.File}: {c.Name} with {c.Count} of {functions[c.Name]} arguments"), Is.Empty);
    }

    /// <summary>Top-level comma-separated arguments, Scriban expressions ({{ … }}) and brackets kept whole.</summary>
    private static List<string> Arguments(string text)
    {
        var (parts, depth, start) = (new List<string>(), 0, 0);
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] is '(' or '[' or '{' ? 1 : text[i] is ')' or ']' or '}' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }
}
