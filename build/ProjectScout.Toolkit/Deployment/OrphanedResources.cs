using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Resources live in the resource group that no phase declares. What-if already lists every live resource of the group
/// that a phase's template does not mention (changeType Ignore, no extra request); those that no other phase's Bicep
/// snapshot predicts either are orphaned. A prediction bicep could not resolve offline matches by type and name pattern.
/// </summary>
public sealed class OrphanedResources
{
    private readonly HashSet<string> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Type, Regex Name)> _patterns = [];

    /// <summary>Every phase's predicted resources, from the snapshots the infra build wrote (a missing one declares nothing).</summary>
    public static OrphanedResources Declared(EnvironmentArtifacts artifacts)
    {
        var declared = new OrphanedResources();
        foreach (var phase in InfraPhases.All)
        {
            var path = Path.Combine(artifacts.Snapshots, phase.SnapshotFileName);
            if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))?["predictedResources"] is not JsonArray predicted)
            {
                continue;
            }

            foreach (var resource in predicted.OfType<JsonObject>())
            {
                var (id, type, name) = (resource["id"]?.ToString() ?? "", resource["type"]?.ToString() ?? "", resource["name"]?.ToString() ?? "");
                if (id.StartsWith('['))
                {
                    declared._patterns.Add((type, ArmDisplayNames.Pattern(name)));
                }
                else
                {
                    declared._ids.Add(id);
                }
            }
        }

        return declared;
    }

    public bool IsDeclared(string resourceId) =>
        _ids.Contains(resourceId) || (ResourceId.TryParse(resourceId, out var id) &&
            _patterns.Any(p => string.Equals(p.Type, id.Type, StringComparison.OrdinalIgnoreCase) && p.Name.IsMatch(string.Join("/", id.Names))));

    /// <summary>The Ignore changes of <paramref name="whatIf"/> that no phase declares, as plan rows (deletes in complete mode).</summary>
    public IReadOnlyList<(PlanChange Change, string ApiVersion)> Find(IEnumerable<WhatIfChange> whatIf, bool complete) =>
        whatIf.Where(c => c.ChangeType == "Ignore" && !IsDeclared(c.ResourceId))
            .Select(c => (new PlanChange(Planes.ArmPlane.PlaneName, Planes.ArmPlane.ResourceType(c.ResourceId), PlanChange.ShortArmName(c.ResourceId),
                    complete ? ChangeAction.Delete : ChangeAction.NoChange, "declared by no phase")
                { Id = c.ResourceId, Orphaned = true },
                c.Raw["before"]?["apiVersion"]?.ToString() ?? AzureResourceTypes.Find(Planes.ArmPlane.ResourceType(c.ResourceId))?.ApiVersion ?? ArmClient.ResourcesApiVersion))
            .ToList();
}
