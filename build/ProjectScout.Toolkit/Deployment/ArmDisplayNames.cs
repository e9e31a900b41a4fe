using System.Text;
using System.Text.RegularExpressions;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Readable names for ARM expressions bicep snapshot could not evaluate offline: string literals and format() are
/// resolved, anything else (environment().suffixes.storage) shows as its last two property names in angle brackets —
/// <c>[format('privatelink.blob.{0}', environment().suffixes.storage)]</c> is <c>privatelink.blob.&lt;suffixes.storage&gt;</c>.
/// </summary>
public static partial class ArmDisplayNames
{
    /// <summary>The name to show for a declared name: itself when it is not an expression.</summary>
    public static string Resolve(string name)
    {
        if (!(name.StartsWith('[') && name.EndsWith(']')))
        {
            return name;
        }

        var position = 1;
        try
        {
            return Expression(name, ref position);
        }
        catch (FormatException)
        {
            return name;
        }
    }

    /// <summary>
    /// A pattern matching the live names a declared (possibly unresolved) name can stand for: the resolved parts
    /// literally, each &lt;…&gt; as one or more characters; case-insensitive, as ARM names are.
    /// </summary>
    public static Regex Pattern(string name)
    {
        var literals = Placeholder().Split(Resolve(name)).Select(Regex.Escape);
        return new Regex("^" + string.Join(".+", literals) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex Placeholder();

    private static string Expression(string text, ref int i)
    {
        SkipSpaces(text, ref i);
        if (text[i] == '\'')
        {
            var literal = new StringBuilder();
            for (i++; ; i++)
            {
                if (text[i] == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    literal.Append('\'');
                    i++;
                }
                else if (text[i] == '\'')
                {
                    i++;
                    return literal.ToString();
                }
                else
                {
                    literal.Append(text[i]);
                }
            }
        }

        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        var function = text[start..i];
        if (function.Length == 0)
        {
            throw new FormatException();
        }

        var arguments = new List<string>();
        if (i < text.Length && text[i] == '(')
        {
            i++;
            SkipSpaces(text, ref i);
            while (text[i] != ')')
            {
                arguments.Add(Expression(text, ref i));
                SkipSpaces(text, ref i);
                if (text[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        var indexed = false;
        while (i < text.Length && text[i] == '[')
        {
            for (var depth = 0; i < text.Length; i++)
            {
                depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
                if (depth == 0)
                {
                    break;
                }
            }

            i++;
            indexed = true;
        }

        var properties = new List<string>();
        while (i < text.Length && text[i] == '.')
        {
            var from = ++i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            properties.Add(text[from..i]);
        }

        if (indexed)
        {
            return "<" + function + "()>";
        }

        // resourceId([subscription, group,] 'Namespace/type', name1, name2…): the names, joined as ARM joins them.
        var typeIndex = arguments.FindIndex(a => a.Contains('/') && a.IndexOf('.') is > 0 and var dot && dot < a.IndexOf('/'));
        if (function.Equals("resourceId", StringComparison.OrdinalIgnoreCase) && typeIndex >= 0 && properties.Count == 0)
        {
            return string.Join("/", arguments.Skip(typeIndex + 1));
        }

        if (function.Equals("format", StringComparison.OrdinalIgnoreCase) && arguments.Count > 0 && properties.Count == 0)
        {
            return Regex.Replace(arguments[0], @"\{(\d+)\}", m => int.Parse(m.Groups[1].Value) + 1 < arguments.Count ? arguments[int.Parse(m.Groups[1].Value) + 1] : m.Value);
        }

        if (function.Equals("concat", StringComparison.OrdinalIgnoreCase) && properties.Count == 0)
        {
            return string.Concat(arguments);
        }

        var path = properties.Count > 0 ? string.Join(".", properties.TakeLast(2)) : function + "()";
        return "<" + path + ">";
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }
    }
}
