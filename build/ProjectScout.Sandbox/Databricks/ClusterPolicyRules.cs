using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>
/// Checks a cluster spec against its policy the way the service does on create: fixed, forbidden, allowlist,
/// blocklist, range and regex rules on the attributes the spec sets. Unlimited rules and unknown types pass.
/// </summary>
internal static class ClusterPolicyRules
{
    public static void Check(PolicyRecord policy, JsonObject cluster, string owner)
    {
        if (policy.Definition is null || JsonNode.Parse(policy.Definition) is not JsonObject rules)
        {
            return;
        }

        foreach (var (path, ruleNode) in rules)
        {
            if (ruleNode is not JsonObject rule)
            {
                continue;
            }

            var actual = Lookup(cluster, path);
            var type = (string?)rule["type"];
            var isOptional = (bool?)rule["isOptional"] ?? false;
            void Fail(string expectation) =>
                throw DatabricksStore.Invalid($"Validation failed for {path}, {expectation} (is {actual?.ToJsonString() ?? "absent"}) ({owner}, policy '{policy.Name}').");

            switch (type)
            {
                case "fixed":
                    if (actual is not null && !JsonNode.DeepEquals(Normalize(actual), Normalize(rule["value"])))
                    {
                        Fail($"the value must be {rule["value"]?.ToJsonString()}");
                    }

                    break;
                case "forbidden":
                    if (actual is not null)
                    {
                        Fail("the value must not be present");
                    }

                    break;
                case "allowlist":
                    if (actual is null ? !isOptional && rule["defaultValue"] is null : !(rule["values"] as JsonArray ?? []).Any(v => JsonNode.DeepEquals(Normalize(v), Normalize(actual))))
                    {
                        Fail($"the value must be one of {rule["values"]?.ToJsonString()}");
                    }

                    break;
                case "blocklist":
                    if (actual is not null && (rule["values"] as JsonArray ?? []).Any(v => JsonNode.DeepEquals(Normalize(v), Normalize(actual))))
                    {
                        Fail($"the value must not be one of {rule["values"]?.ToJsonString()}");
                    }

                    break;
                case "range":
                    if (actual is JsonValue number && double.TryParse(number.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var value))
                    {
                        if ((double?)rule["minValue"] is { } min && value < min)
                        {
                            Fail($"the value must be at least {min}");
                        }

                        if ((double?)rule["maxValue"] is { } max && value > max)
                        {
                            Fail($"the value must be at most {max}");
                        }
                    }

                    break;
                case "regex":
                    if (actual is JsonValue text && (string?)rule["pattern"] is { } pattern && !Regex.IsMatch(text.ToString(), pattern))
                    {
                        Fail($"the value must match {pattern}");
                    }

                    break;
            }
        }
    }

    private static JsonNode? Normalize(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? JsonValue.Create(s) : node is JsonValue v ? JsonValue.Create(v.ToString()) : node;

    /// <summary>Policy paths are dotted: "autoscale.max_workers", "spark_conf.spark.databricks.cluster.profile", "custom_tags.team".</summary>
    private static JsonNode? Lookup(JsonObject cluster, string path)
    {
        foreach (var map in new[] { "spark_conf", "custom_tags", "spark_env_vars" })
        {
            if (path.StartsWith(map + ".", StringComparison.Ordinal))
            {
                return (cluster[map] as JsonObject)?[path[(map.Length + 1)..]];
            }
        }

        JsonNode? current = cluster;
        foreach (var part in path.Split('.'))
        {
            current = current is JsonObject obj ? obj[part] : null;
        }

        return current;
    }
}
