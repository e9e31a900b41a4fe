using System.Text;
using System.Text.RegularExpressions;

namespace ProjectScout.Toolkit.Docs;

/// <summary>Where the generated Markdown is read: the two renderers differ in how a diagram is fenced.</summary>
public enum MarkdownFlavor
{
    /// <summary>GitHub (and Markdig, which renders the HTML): a ```mermaid fenced block.</summary>
    GitHub,

    /// <summary>The Azure DevOps wiki: a <c>::: mermaid</c> … <c>:::</c> container.</summary>
    AzureDevOps,
}

/// <summary>Markdown text the documents write: escaped table cells, code spans and diagram blocks per flavour.</summary>
public static partial class MarkdownText
{
    /// <summary>The flavour names the --docs-flavor argument takes, in order.</summary>
    public static IReadOnlyList<(string Name, MarkdownFlavor Flavor)> Flavors { get; } = [("github", MarkdownFlavor.GitHub), ("azure-devops", MarkdownFlavor.AzureDevOps)];

    public static string Name(MarkdownFlavor flavor) => Flavors.First(f => f.Flavor == flavor).Name;

    /// <summary>A Mermaid diagram block for <paramref name="flavor"/>; <paramref name="source"/> ends with a newline.</summary>
    public static string Diagram(string source, MarkdownFlavor flavor) => flavor switch
    {
        MarkdownFlavor.AzureDevOps => "::: mermaid\n" + source + ":::\n",
        _ => "```mermaid\n" + source + "```\n",
    };

    /// <summary>
    /// A table cell from plain text: Markdown punctuation is escaped so text is shown as written (a regex such as
    /// <c>^tr_[0-9]+_c</c> never turns into emphasis or a link), while spans already in backticks stay code.
    /// </summary>
    public static string Cell(string text)
    {
        var cell = new StringBuilder();
        var last = 0;
        foreach (Match span in CodeSpan().Matches(text))
        {
            cell.Append(EscapeText(text[last..span.Index])).Append(span.Value.Replace("|", "\\|", StringComparison.Ordinal));
            last = span.Index + span.Length;
        }

        return cell.Append(EscapeText(text[last..])).ToString().Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    }

    /// <summary>A code span holding <paramref name="text"/> verbatim, safe inside a table cell.</summary>
    public static string Code(string text)
    {
        if (text.Length == 0)
        {
            return "";
        }

        var fence = new string('`', LongestBacktickRun(text) + 1);
        var padding = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return fence + padding + text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + padding + fence;
    }

    private static string EscapeText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // An underscore inside a word (daily_medallion) is never emphasis; at a word's edge (^tr_[0-9]+_c) it can be.
            var intraword = c == '_' && i > 0 && i < text.Length - 1 && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]);
            // `<` only before what could open an HTML tag, `]` only before what could close a link: `<= 24 h` and `jobs[x]` stay as written.
            var tag = c == '<' && i < text.Length - 1 && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?');
            var link = c == ']' && i < text.Length - 1 && text[i + 1] is '(' or '[';
            if (c is '\\' or '`' or '*' or '|' or '~' || (c == '_' && !intraword) || tag || link)
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    [GeneratedRegex("(`+)[^`]+?\\1")]
    private static partial Regex CodeSpan();
}
