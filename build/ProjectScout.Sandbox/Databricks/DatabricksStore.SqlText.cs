using System.Text.RegularExpressions;

namespace ProjectScout.Sandbox.Databricks;

// Reading SQL text for the statement API: names (one to three parts, `quoted` or bare), literals, balanced parentheses.
internal sealed partial class DatabricksStore
{
    /// <summary>catalog.schema.name from one to three parts, the missing ones from the request's catalog and schema.</summary>
    private static (string Catalog, string Schema, string Name) TableName(string text, string? catalog, string? schema)
    {
        var parts = Part(text, 3);
        return parts.Count switch
        {
            3 => (parts[0], parts[1], parts[2]),
            2 => (catalog ?? throw NoCatalog(), parts[0], parts[1]),
            _ => (catalog ?? throw NoCatalog(), schema ?? throw SqlFailure.NotFound("SCHEMA_NOT_FOUND", "No schema is selected: name the table catalog.schema.table or pass schema.", "3F000"), parts[0]),
        };
    }

    private static (string Catalog, string Schema) SchemaName(string text, string? catalog)
    {
        var parts = Part(text, 2);
        return parts.Count == 2 ? (parts[0], parts[1]) : (catalog ?? throw NoCatalog(), parts[0]);
    }

    private static SqlFailure NoCatalog() => SqlFailure.NotFound("NO_SUCH_CATALOG_EXCEPTION", "No catalog is selected: use a full name or pass catalog.", "42704");

    private static List<string> Part(string text, int most)
    {
        var parts = Regex.Matches(text, Ident).Select(m => Unquote(m.Value)).ToList();
        return parts.Count <= most ? parts : throw SqlFailure.Syntax(text);
    }

    private static List<string> Idents(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).ToList();

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '`' && text[^1] == '`' ? text[1..^1].Replace("``", "`", StringComparison.Ordinal)
        : text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? Regex.Unescape(text[1..^1].Replace("\\'", "'", StringComparison.Ordinal))
        : text;

    private static string? Unquote(Group group) => group.Success ? Unquote(group.Value) : null;

    /// <summary>The indexes of the characters of <paramref name="text"/> from <paramref name="start"/> that stand outside quotes ('…' with \ escapes, "…", `…`); the quote characters themselves are inside.</summary>
    private static IEnumerable<int> OutsideQuotes(string text, int start = 0)
    {
        var quote = '\0';
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '\'')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"' or '`')
            {
                quote = c;
            }
            else
            {
                yield return i;
            }
        }
    }

    /// <summary>The index of the parenthesis closing the one at <paramref name="open"/>, quotes respected; a syntax error when none.</summary>
    private static int Closing(string text, int open)
    {
        var depth = 0;
        foreach (var i in OutsideQuotes(text, open))
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        throw SqlFailure.Syntax("end of input");
    }

    /// <summary>Splits on <paramref name="separator"/> outside parentheses, angle brackets and quotes.</summary>
    private static List<string> TopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var (depth, start) = (0, 0);
        foreach (var i in OutsideQuotes(text))
        {
            var c = text[i];
            if (c is '(' or '<')
            {
                depth++;
            }
            else if (c is ')' or '>')
            {
                depth--;
            }
            else if (c == separator && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }
}
