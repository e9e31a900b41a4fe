using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Arm;

/// <summary>Writes a JSON value as a Bicep literal, to turn ARM deployment parameters into a .bicepparam file.</summary>
internal static class BicepLiteral
{
    public static string Write(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node, 0);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                builder.Append("{}");
                break;
            case JsonObject obj:
                builder.Append("{\n");
                foreach (var (key, value) in obj)
                {
                    builder.Append(' ', (indent + 1) * 2).Append(Quote(key)).Append(": ");
                    Append(builder, value, indent + 1);
                    builder.Append('\n');
                }

                builder.Append(' ', indent * 2).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                builder.Append("[]");
                break;
            case JsonArray array:
                builder.Append("[\n");
                foreach (var item in array)
                {
                    builder.Append(' ', (indent + 1) * 2);
                    Append(builder, item, indent + 1);
                    builder.Append('\n');
                }

                builder.Append(' ', indent * 2).Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        builder.Append(Quote(value.GetValue<string>()));
                        break;
                    case JsonValueKind.True:
                        builder.Append("true");
                        break;
                    case JsonValueKind.False:
                        builder.Append("false");
                        break;
                    case JsonValueKind.Number:
                        var text = value.ToJsonString();
                        // Bicep has only integers; a non-integral number can only travel as a string, as in ARM json('1.5').
                        builder.Append(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? text : $"json('{text}')");
                        break;
                    default:
                        builder.Append("null");
                        break;
                }

                break;
        }
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder("'");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '$' => "\\$",
                _ => c.ToString(),
            });
        }

        return builder.Append('\'').ToString();
    }
}
