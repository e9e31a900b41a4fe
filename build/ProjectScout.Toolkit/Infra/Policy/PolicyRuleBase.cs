using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Json;

namespace ProjectScout.Toolkit.Infra;

/// <summary>A rule's identity and the ways it reports a result; subclasses say only what they check.</summary>
public abstract class PolicyRuleBase(string id, WafPillar pillar, string title, PolicyKind kind = PolicyKind.Gate) : IPolicyRule
{
    public string Id { get; } = id;

    public WafPillar Pillar { get; } = pillar;

    public string Title { get; } = title;

    public PolicyKind Kind { get; } = kind;

    public virtual string Recommendation => Title;

    public virtual bool GapAccepted => false;

    public abstract IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input);

    /// <summary>A result about one resource's property.</summary>
    protected PolicyCheckResult Result(SnapshotResource resource, string property, bool passed, string evidence) =>
        new(Id, Pillar, resource.Phase, resource.Type, resource.Name, property, passed, evidence);

    /// <summary>A result about something that is not one resource (a template, a job, every resource).</summary>
    protected PolicyCheckResult Result(int phase, string type, string name, string property, bool passed, string evidence) =>
        new(Id, Pillar, phase, type, name, property, passed, evidence);

    /// <summary>
    /// Passes where the environment keeps an adopted resource's weaker value on purpose (<paramref name="kept"/>): the gate
    /// yields to the setting, and the advisory rule adoption.kept-values reports the gap with its reason.
    /// </summary>
    protected PolicyCheckResult? KeptByAdoption(PolicyInput input, SnapshotResource resource, string adoptedName, string property, ProjectScout.Model.Environments.KeptSetting kept) =>
        kept.IsSet(input.Environment) && string.Equals(resource.Name, adoptedName, StringComparison.OrdinalIgnoreCase)
            ? Result(resource, property, true, $"kept by {kept.Display} for the adopted resource (advisory: {AdoptionKeptValuesId})")
            : null;

    /// <summary>The id of the advisory rule that reports every value an adopted resource keeps.</summary>
    public const string AdoptionKeptValuesId = "adoption.kept-values";

    /// <summary>The property at <paramref name="property"/> satisfies <paramref name="predicate"/>; evidence says what it is and must be.</summary>
    protected PolicyCheckResult Expect(SnapshotResource resource, string property, Func<JsonNode?, bool> predicate, string required)
    {
        var value = resource.Get(property);
        var passed = predicate(value);
        return Result(resource, property, passed, passed ? $"is {JsonPath.Show(value)}" : $"is {JsonPath.Show(value)}; must be {required}");
    }

    /// <summary>
    /// A check over an object reported under a component of its own (by default this rule's title) with complete evidence,
    /// as the documents' checks over jobs, contracts and whole snapshots read. A null subject: the resource <paramref name="type"/> '<paramref name="name"/>'.
    /// </summary>
    protected PolicyCheckResult Check(string? subject, string property, bool passed, string evidence, string? component = null,
        int phase = 0, string type = "", string name = "") =>
        new(Id, Pillar, phase, type, name, property, passed, evidence) { Component = component ?? Title, Subject = subject };

    /// <summary>JSON as evidence shows it: the literal JSON, or "(absent)".</summary>
    protected static string Json(JsonNode? node) => node is null ? "(absent)" : node.ToJsonString();

    /// <summary>A number (JSON number or numeric string), or NaN.</summary>
    protected static double Number(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<double>(out var d) || double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) ? d : double.NaN;
}

/// <summary>
/// A check of one property on every resource of a type, reported per resource under the rule's title; when the snapshots
/// hold no such resource the check fails naming what is missing.
/// </summary>
public abstract class SnapshotPropertyRule(string id, WafPillar pillar, string title, PolicyKind kind, string resourceType, string path)
    : PolicyRuleBase(id, pillar, title, kind)
{
    protected abstract bool Holds(JsonNode? value);

    /// <summary>The found value in words; by default "path = value".</summary>
    protected virtual string Describe(JsonNode? value) => $"{path} = {Json(value)}";

    public override IEnumerable<PolicyCheckResult> Evaluate(PolicyInput input)
    {
        var resources = input.OfType(resourceType).ToList();
        if (resources.Count == 0)
        {
            yield return Check($"{resourceType} (none)", path, false, $"no {resourceType} in the snapshots{input.PhasesNote}", type: resourceType);
            yield break;
        }

        foreach (var resource in resources)
        {
            var value = resource.Get(path);
            yield return Check(null, path, Holds(value), $"phase{resource.Phase} {resource.Name}: {Describe(value)}",
                phase: resource.Phase, type: resource.Type, name: resource.Name);
        }
    }
}
