using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Json;

namespace ProjectScout.Model.Databricks;

/// <summary>One attribute of a cluster spec that breaks its policy: the attribute path, its value (null: not set) and what the rule expects ("must be 4").</summary>
public sealed record PolicyViolation(string Attribute, JsonNode? Actual, string Expectation)
{
    /// <summary>The value as a message shows it (JSON, or "(not set)").</summary>
    public string ShownActual => Actual?.ToJsonString() ?? "(not set)";
}

/// <summary>How strictly <see cref="ClusterPolicyEvaluator"/> treats attributes a spec leaves out.</summary>
public enum PolicyStrictness
{
    /// <summary>As the service does on create: a fixed value or a default fills an absent attribute, so absence passes.</summary>
    Service,

    /// <summary>As the offline bundle check does: a fixed attribute must be stated in the spec.</summary>
    Declared,
}

/// <summary>
/// Evaluates a Databricks cluster-policy definition against a cluster spec: fixed, forbidden, allowlist, blocklist,
/// range and regex rules; unlimited rules and unknown types pass. Attribute paths are dotted
/// (<c>autoscale.max_workers</c>); under <c>spark_conf</c>, <c>spark_env_vars</c> and <c>custom_tags</c> the rest
/// of the path is one key (<c>spark_conf.spark.databricks.cluster.profile</c>). Numbers and strings compare by
/// their text, as the service does ("4" matches 4).
/// </summary>
public static class ClusterPolicyEvaluator
{
    /// <summary>Cluster attributes that are maps: a policy path into them names one key.</summary>
    public static readonly IReadOnlySet<string> MapAttributes = new HashSet<string>(StringComparer.Ordinal) { "spark_conf", "spark_env_vars", "custom_tags" };

    /// <summary>Every violation, in the definition's attribute order; empty when the spec conforms.</summary>
    public static IReadOnlyList<PolicyViolation> Evaluate(JsonObject definition, JsonObject cluster, PolicyStrictness strictness = PolicyStrictness.Service)
    {
        var violations = new List<PolicyViolation>();
        foreach (var (attribute, node) in definition)
        {
            if (node is not JsonObject rule)
            {
                continue;
            }

            var actual = JsonPath.GetWithMapKeys(cluster, attribute, (IReadOnlyCollection<string>)MapAttributes);
            if (Check(rule, actual, strictness) is { } expectation)
            {
                violations.Add(new PolicyViolation(attribute, actual, expectation));
            }
        }

        return violations;
    }

    /// <summary>Parses a definition as the Policies API stores it (a JSON string); null when it is empty or not an object.</summary>
    public static JsonObject? ParseDefinition(string? definition)
    {
        if (string.IsNullOrWhiteSpace(definition))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(definition) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Check(JsonObject rule, JsonNode? actual, PolicyStrictness strictness)
    {
        var values = rule["values"] as JsonArray ?? [];
        var optional = JsonPath.IsTrue(rule["isOptional"]);
        switch (JsonPath.Str(rule["type"]))
        {
            case "fixed":
                if (actual is null)
                {
                    return strictness == PolicyStrictness.Declared ? $"must be {rule["value"]?.ToJsonString()}" : null;
                }

                return SameValue(actual, rule["value"]) ? null : $"must be {rule["value"]?.ToJsonString()}";
            case "forbidden":
                return actual is null ? null : "is forbidden";
            case "allowlist":
                if (actual is null)
                {
                    return optional || (strictness == PolicyStrictness.Service && rule["defaultValue"] is not null) ? null : "must be set";
                }

                return values.Any(v => SameValue(v, actual)) ? null : $"must be one of {values.ToJsonString()}";
            case "blocklist":
                return actual is not null && values.Any(v => SameValue(v, actual)) ? $"must not be one of {values.ToJsonString()}" : null;
            case "range":
                if (actual is null)
                {
                    return null;
                }

                if (!double.TryParse(Text(actual), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return "must be a number";
                }

                var min = Number(rule["minValue"]);
                var max = Number(rule["maxValue"]);
                return number < (min ?? double.MinValue) || number > (max ?? double.MaxValue)
                    ? $"must be within [{rule["minValue"]?.ToJsonString()}, {rule["maxValue"]?.ToJsonString()}]"
                    : null;
            case "regex":
                var pattern = JsonPath.Str(rule["pattern"]);
                return actual is null || Regex.IsMatch(Text(actual), pattern) ? null : $"must match {pattern}";
            default:
                return null;
        }
    }

    private static bool SameValue(JsonNode? a, JsonNode? b) =>
        a is JsonValue && b is JsonValue ? Text(a) == Text(b) : JsonNode.DeepEquals(a, b);

    /// <summary>A value's text: strings without quotes, numbers and booleans as JSON writes them.</summary>
    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? "";

    private static double? Number(JsonNode? node) =>
        node is JsonValue && double.TryParse(Text(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
