using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Arm;

namespace ProjectScout.Toolkit.Arm;

/// <summary>An ARM error (code, message, target, nested details) flattened into one readable message.</summary>
public sealed class ArmException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    /// <summary>Reads <c>{"error": {...}}</c> (or a bare error object) from a response body.</summary>
    public static ArmException FromBody(int status, string operation, string? body)
    {
        JsonNode? error = null;
        try
        {
            var parsed = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
            error = parsed?["error"] ?? parsed;
        }
        catch (System.Text.Json.JsonException)
        {
            // A non-JSON body (a proxy page, say) is shown as text below.
        }

        if (error is JsonObject obj && obj["code"] is not null)
        {
            return new ArmException(status, obj["code"]!.ToString(), $"{operation} failed (HTTP {status}): {Describe(obj)}");
        }

        var text = string.IsNullOrWhiteSpace(body) ? "no response body" : body.Trim();
        if (text.Length > 300)
        {
            text = text[..300] + "…";
        }

        return new ArmException(status, $"Http{status}", $"{operation} failed (HTTP {status}): {text}");
    }

    /// <summary>code: message [target] with nested details as "; caused by ..." so one line tells the whole story.</summary>
    public static string Describe(JsonObject error)
    {
        var text = new StringBuilder();
        Append(error, text, depth: 0);
        return text.ToString();
    }

    private static void Append(JsonObject error, StringBuilder text, int depth)
    {
        var code = error["code"]?.ToString();
        var message = error["message"]?.ToString()?.Trim();
        var target = error["target"]?.ToString();
        text.Append(code);
        if (!string.IsNullOrEmpty(message))
        {
            text.Append(": ").Append(message);
        }

        if (!string.IsNullOrEmpty(target))
        {
            text.Append(" [target ").Append(target).Append(']');
        }

        if (error["details"] is JsonArray details && depth < 8)
        {
            foreach (var detail in details.OfType<JsonObject>())
            {
                text.Append(depth == 0 ? " — caused by " : "; ");
                Append(detail, text, depth + 1);
            }
        }
    }
}
