using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProjectScout.Toolkit.Bicep;

/// <summary>Writes <c>.bicepparam</c> text: JSON values as Bicep literals, deterministically (sorted names, LF).</summary>
public static class BicepParamWriter
{
    /// <summary>
    /// A parameters file whose <c>using</c> points at <paramref name="usingPath"/> (relative to the file) with one
    /// <c>param</c> per value, sorted by name.
    /// </summary>
    public static string Write(string usingPath, IEnumerable<KeyValuePair<string, JsonNode?>> values, string? header = null)
    {
        var text = new StringBuilder();
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                text.Append("// ").Append(line).Append('\n');
            }
        }

        text.Append("using ").Append(Literal(usingPath)).Append("\n\n");
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append("param ").Append(name).Append(" = ");
            WriteValue(text, value, 0);
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// A parameters file for an ARM JSON template from an ARM parameters object: either a deploymentParameters
    /// document (<c>{"parameters": {...}}</c>) or the bare map (<c>{"name": {"value": ...}}</c>).
    /// </summary>
    public static string ForArmTemplate(string usingPath, JsonObject? parameters)
    {
        var map = parameters?["parameters"] is JsonObject wrapped && (parameters.ContainsKey("$schema") || parameters.ContainsKey("contentVersion") || parameters.Count == 1)
            ? wrapped
            : parameters ?? new JsonObject();
        var values = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (name, entry) in map)
        {
            if (entry is JsonObject holder && holder.TryGetPropertyValue("value", out var value))
            {
                values.Add(new(name, value));
            }
            else if (entry is JsonObject reference && reference["reference"] is JsonObject keyVault)
            {
                // Offline there is no vault to read: keep the shape (a string) without pretending to know the secret.
                values.Add(new(name, JsonValue.Create("keyvault-reference:" + ((string?)keyVault["secretName"] ?? "secret"))));
            }
        }

        return Write(usingPath, values);
    }

    /// <summary>A Bicep single-quoted string literal; <c>$</c> is escaped so <c>${</c> is never read as interpolation.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\'': text.Append(@"\'"); break;
                case '$': text.Append(@"\$"); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\t': text.Append(@"\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        text.Append(@"\u{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('\'').ToString();
    }

    /// <summary>Object keys that are identifiers are written bare (the linter's prefer-unquoted-property-names); others quoted.</summary>
    private static string PropertyName(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? key : Literal(key);

    private static void WriteValue(StringBuilder text, JsonNode? value, int indent)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    text.Append("{}");
                    break;
                }

                text.Append("{\n");
                foreach (var (key, item) in obj)
                {
                    text.Append(' ', (indent + 1) * 2).Append(PropertyName(key)).Append(": ");
                    WriteValue(text, item, indent + 1);
                    text.Append('\n');
                }

                text.Append(' ', indent * 2).Append('}');
                break;
            case JsonArray array:
                if (array.Count == 0)
                {
                    text.Append("[]");
                    break;
                }

                text.Append("[\n");
                foreach (var item in array)
                {
                    text.Append(' ', (indent + 1) * 2);
                    WriteValue(text, item, indent + 1);
                    text.Append('\n');
                }

                text.Append(' ', indent * 2).Append(']');
                break;
            case JsonValue scalar:
                WriteScalar(text, scalar);
                break;
        }
    }

    private static void WriteScalar(StringBuilder text, JsonValue scalar)
    {
        using var document = JsonDocument.Parse(scalar.ToJsonString());
        var element = document.RootElement;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                text.Append(Literal(element.GetString()!));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            case JsonValueKind.Number when element.TryGetInt64(out var whole):
                // Bicep has no negative literals: -5 is unary minus applied to 5, which is still a valid value expression.
                text.Append(whole.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number:
                // Bicep has integers only; ARM would reject a non-integer for an int parameter anyway. Keep it visible.
                text.Append("json(").Append(Literal(element.GetRawText())).Append(')');
                break;
            default:
                text.Append(Literal(element.GetRawText()));
                break;
        }
    }
}
