using System.Text.Json.Nodes;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Json;
using ProjectScout.Toolkit.Arm;

namespace ProjectScout.Toolkit.Deployment.Adoption;

/// <summary>
/// Before a phase plans: reads the resources the phase declares that already exist, and compares each property of
/// <see cref="AdoptedProperties"/> with what the compiled snapshot declares (the one source of the desired value).
/// </summary>
public static class AdoptionPreflight
{
    /// <summary>Whether a deploy of <paramref name="environment"/> reads existing resources first: always in Azure; in the sandbox when it adopts.</summary>
    public static bool Applies(EnvironmentDefinition environment) =>
        environment.Kind == EnvironmentKind.Azure || environment.Ownership.AdoptsExisting || environment.Azure.ResourceGroupMustExist;

    /// <summary>The conflicts of one declared resource with its live state (both as ARM shows them).</summary>
    public static IEnumerable<AdoptionConflict> Compare(PredictedResource declared, JsonObject live, string environmentFile) =>
        AdoptedProperties.All
            .Where(p => p.Type.Is(declared.Type))
            .Select(p => (Property: p, Desired: JsonPath.Get(declared.Body, p.Path), Current: p.Current(live)))
            .Where(c => c.Property.Breaks(c.Desired, c.Current))
            .Select(c => new AdoptionConflict(declared.Name, declared.Type, c.Property, c.Current, c.Desired?.DeepClone(), environmentFile));

    /// <summary>Reads each declared resource of an adopted type (one GET each) and returns every conflict, in resource order.</summary>
    public static async Task<(int Existing, IReadOnlyList<AdoptionConflict> Conflicts)> FindAsync(
        ArmClient arm, ResourceGroupScope scope, IReadOnlyList<PredictedResource> predicted, string environmentFile, CancellationToken ct)
    {
        var conflicts = new List<AdoptionConflict>();
        var existing = 0;
        var types = AdoptedProperties.Types.ToList();
        foreach (var resource in predicted.Where(r => types.Any(t => t.Is(r.Type)) && !r.IsUnresolved))
        {
            // The group's own path, not the snapshot's id: a compiled snapshot of a real environment may name another subscription.
            var live = await arm.GetResourceAsync($"{scope.Path}/providers/{resource.Type}/{resource.Name}", resource.ApiVersion, ct);
            if (live is null)
            {
                continue;
            }

            existing++;
            conflicts.AddRange(Compare(resource, live, environmentFile));
        }

        return (existing, conflicts);
    }

    /// <summary>--accept-breaking names resources of the environment; anything else is a typo that would accept nothing.</summary>
    public static void CheckAcceptedNames(EnvironmentDefinition environment, IReadOnlyCollection<string> accepted)
    {
        var known = typeof(ResourceNames).GetProperties()
            .Select(p => p.GetValue(environment.Names) as string)
            .OfType<string>()
            .Where(n => n.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = accepted.Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ToolkitException(
                $"Argument --accept-breaking names {string.Join(", ", unknown.Select(n => $"'{n}'"))}, not a resource of '{environment.Name}' ({environment.SourceFile}); use one of {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }
    }

    /// <summary>The message of a run stopped by conflicts: a header, then one line per conflict.</summary>
    public static string StopMessage(EnvironmentDefinition environment, int phase, IReadOnlyList<AdoptionConflict> conflicts) =>
        $"Phase {phase} of '{environment.Name}' would break {conflicts.Count} propert{(conflicts.Count == 1 ? "y" : "ies")} of existing resources; nothing was written:\n" +
        string.Join("\n", conflicts.Select(c => "  " + c.ToLine())) +
        "\nA consumer-breaking change goes ahead with --accept-breaking=<resource name> once its consumers are moved; see docs/deployment.md, \"Adopting existing resources\".";

    /// <summary>The message of a missing group the environment says must exist.</summary>
    public static string MissingGroupMessage(EnvironmentDefinition environment, ResourceGroupScope scope) =>
        $"Resource group '{scope.ResourceGroup}' does not exist in subscription {scope.SubscriptionId}, and {environment.SourceFile} says it must (azure.resourceGroupMustExist: true); " +
        $"nothing was written. Create it (az group create --name {scope.ResourceGroup} --location {environment.Azure.Location}) or correct azure.resourceGroup.";
}
