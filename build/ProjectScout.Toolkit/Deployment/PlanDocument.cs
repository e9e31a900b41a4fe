using System.Text.Json.Nodes;
using System.Text.Json;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// The plans of one run as one JSON document — what --output=json writes on stdout and --plan-out saves:
/// <c>{environment, hasChanges, summary, phases: [plan/phase&lt;N&gt;.json of each phase, in run order]}</c>. A saved
/// document is what --plan=&lt;file&gt; applies.
/// </summary>
public sealed class PlanDocument
{
    public required string Environment { get; init; }

    /// <summary>Each phase's plan as JSON, by phase number.</summary>
    public required IReadOnlyDictionary<int, JsonObject> Phases { get; init; }

    public required string Path { get; init; }

    public static string ToJson(string environment, IReadOnlyList<PhasePlan> plans)
    {
        var document = new JsonObject
        {
            ["environment"] = environment,
            ["hasChanges"] = plans.Any(p => p.HasChanges),
            ["summary"] = new JsonObject
            {
                ["create"] = plans.Sum(p => p.Count(ChangeAction.Create)),
                ["update"] = plans.Sum(p => p.Count(ChangeAction.Update)),
                ["delete"] = plans.Sum(p => p.Count(ChangeAction.Delete)),
                ["noChange"] = plans.Sum(p => p.Count(ChangeAction.NoChange)),
                ["orphaned"] = plans.Select(p => p.Orphaned.Count).DefaultIfEmpty(0).Max(), // every phase lists the same orphans
                ["drift"] = plans.Sum(p => p.Changes.Count(c => c.Drifted)),
            },
            ["phases"] = new JsonArray(plans.Select(p => (JsonNode)p.ToJsonObject()).ToArray()),
        };
        return document.ToJsonString(PhasePlan.Indented) + "\n";
    }

    /// <summary>Reads a document saved by --plan-out; one line naming the file when it is not one.</summary>
    public static PlanDocument Read(string path, Func<string, string> display)
    {
        if (!File.Exists(path))
        {
            throw new ToolkitException($"--plan={display(path)}: no such file. Save a plan first with --what-if --plan-out={display(path)}.");
        }

        try
        {
            var document = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not a JSON object");
            var phases = (document["phases"] as JsonArray ?? throw new JsonException("no phases")).OfType<JsonObject>()
                .ToDictionary(p => p["phase"]?.GetValue<int>() ?? throw new JsonException("a phase without its number"), p => p);
            return new PlanDocument { Environment = document["environment"]?.ToString() ?? "", Phases = phases, Path = path };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ToolkitException($"--plan={display(path)}: not a plan saved with --plan-out ({ex.Message}).");
        }
    }

    /// <summary>
    /// Null when <paramref name="plan"/> is exactly what was saved for its phase; otherwise what differs, in a few words
    /// (the deployment's content hash, or the first changes present on one side only).
    /// </summary>
    public string? Difference(PhasePlan plan)
    {
        if (Environment != plan.Environment)
        {
            return $"it was saved for environment '{Environment}'";
        }

        if (!Phases.TryGetValue(plan.Phase, out var saved))
        {
            return $"it holds no plan of phase {plan.Phase} (phases {string.Join(", ", Phases.Keys.Order())})";
        }

        var now = plan.ToJsonObject();
        if (JsonNode.DeepEquals(saved, now))
        {
            return null;
        }

        if (saved["deployment"]?.ToString() != plan.DeploymentName)
        {
            return $"phase {plan.Phase} was planned as {saved["deployment"]}, the inputs are now {plan.DeploymentName}";
        }

        // Rows by identity (plane, kind, name): planned now only, planned then only, or planned with other values.
        static Dictionary<string, JsonNode> Rows(JsonObject document) =>
            (document["changes"] as JsonArray ?? []).Concat(document["orphaned"] as JsonArray ?? []).OfType<JsonObject>()
                .GroupBy(c => $"{c["plane"]} {c["kind"]} {c["name"]}", StringComparer.Ordinal).ToDictionary(g => g.Key, g => (JsonNode)new JsonArray(g.Select(c => c.DeepClone()).ToArray()));
        static string Action(JsonNode rows) => rows.AsArray()[0]?["action"]?.ToString() ?? "";
        var (before, after) = (Rows(saved), Rows(now));
        var differences = after.Where(r => !before.ContainsKey(r.Key)).Select(r => $"now plans {Action(r.Value)} {r.Key}")
            .Concat(before.Where(r => !after.ContainsKey(r.Key)).Select(r => $"no longer plans {Action(r.Value)} {r.Key}"))
            .Concat(after.Where(r => before.TryGetValue(r.Key, out var was) && !JsonNode.DeepEquals(was, r.Value)).Select(r => $"{r.Key} is now {Action(r.Value)} with other values"))
            .ToList();
        return $"phase {plan.Phase} " + (differences.Count == 0 ? "has another summary" : string.Join("; ", differences.Take(3)) + (differences.Count > 3 ? $" (+{differences.Count - 3} more)" : ""));
    }
}
