using System.Text.Json.Nodes;
using ProjectScout.Model.Json;

namespace ProjectScout.Toolkit.Deployment.Adoption;

/// <summary>One property of an existing resource the deploy would change in a way that breaks.</summary>
public sealed record AdoptionConflict(string ResourceName, string Type, AdoptedProperty Property, JsonNode? Current, JsonNode? Desired, string EnvironmentFile)
{
    /// <summary>One line: resource, property, current and desired values, and the way out.</summary>
    public string ToLine()
    {
        var refusal = Property.Risk == AdoptionRisk.CreateOnly
            ? $"Azure refuses the change{(Property.ErrorCode is { } code ? $" ({code})" : "")}"
            : "Azure takes it and today's consumers break";
        var keep = Property.KeptBy is { } kept ? $", or keep today's value with {kept.Display} in {EnvironmentFile}" : "";
        static string Show(JsonNode? node) => node is JsonValue v && v.ToString().Length == 0 ? "(none)" : JsonPath.Show(node);
        return $"{ResourceName} ({Type}) {Property.Path}: current {Show(Current)}, desired {Show(Desired)}: {refusal}. Way out: {Property.Migration}{keep}.";
    }
}
