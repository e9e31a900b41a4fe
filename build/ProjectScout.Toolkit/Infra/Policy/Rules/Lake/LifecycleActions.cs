using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using static ProjectScout.Model.Json.JsonPath;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>One action of a storage lifecycle rule: which rule, what it does, after how long, on which prefixes.</summary>
public sealed record LifecycleAction(string Rule, string Action, string Days, IReadOnlyList<string> Prefixes);

/// <summary>The enabled actions of a lifecycle policy's rules (properties.policy.rules), as the lake rules and the documents read them.</summary>
public static class LifecycleActions
{
    public static IEnumerable<LifecycleAction> Of(JsonNode? rules)
    {
        foreach (var rule in (rules as JsonArray ?? []).OfType<JsonObject>())
        {
            if (rule["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on)
            {
                continue;
            }

            var definition = rule["definition"] as JsonObject;
            var prefixes = (definition?["filters"]?["prefixMatch"] as JsonArray ?? []).Select(Str).ToList();
            foreach (var (_, target) in definition?["actions"] as JsonObject ?? [])
            {
                foreach (var (action, condition) in target as JsonObject ?? [])
                {
                    var days = (condition as JsonObject)?.FirstOrDefault().Value;
                    var since = (condition as JsonObject)?.FirstOrDefault().Key switch
                    {
                        "daysAfterModificationGreaterThan" => "days since last modification",
                        "daysAfterCreationGreaterThan" => "days since creation",
                        "daysAfterLastAccessTimeGreaterThan" => "days since last access",
                        "daysAfterLastTierChangeGreaterThan" => "days since the last tier change",
                        var other => $"({other})",
                    };
                    yield return new LifecycleAction(Str(rule["name"]), action, $"{(days is null ? "(absent)" : days.ToJsonString())} {since}", prefixes);
                }
            }
        }
    }

    /// <summary>A lifecycle policy's matching actions in words: "rule: action after N days … on prefixes".</summary>
    public static string Describe(JsonNode? rules, Func<LifecycleAction, bool> filter)
    {
        var matching = Of(rules).Where(filter)
            .Select(a => $"{a.Rule}: {a.Action} after {a.Days} on {(a.Prefixes.Count == 0 ? "every blob" : string.Join(", ", a.Prefixes))}")
            .ToList();
        return matching.Count == 0 ? "no such lifecycle action" : string.Join("; ", matching);
    }
}
