using System.Text.Json.Nodes;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Json;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Infra;

/// <summary>The evidence of one phase: its predicted resources and its compiled template and parameters.</summary>
public sealed record PhaseEvidence(InfraPhase Phase, BicepSnapshot Snapshot, string CompiledTemplate, string CompiledParameters);

/// <summary>The lake's container layout as the storage rules see it: a view of templates/lakehouse.yaml (the templates get the same).</summary>
public sealed record LakeLayout(IReadOnlyList<string> Containers, IReadOnlyList<string> DeltaTableContainers, IReadOnlyList<string> RetentionContainers)
{
    public static LakeLayout None { get; } = new([], [], []);

    public static LakeLayout Of(LakehouseDeclaration lakehouse) =>
        new(lakehouse.Containers, lakehouse.DeltaTableContainers, lakehouse.Lake.RetentionContainers);
}

/// <summary>One resource a phase's bicep snapshot predicts.</summary>
public sealed record SnapshotResource(int Phase, string Id, string Type, string Name, JsonObject Body)
{
    /// <summary>The value at a dotted path (e.g. <c>properties.networkAcls.defaultAction</c>), or null.</summary>
    public JsonNode? Get(string path) => JsonPath.Get(Body, path);

    public string Display => $"{Type} '{Name}'";

    public static SnapshotResource From(int phase, JsonObject body) =>
        new(phase, JsonPath.Str(body["id"]), JsonPath.Str(body["type"]), JsonPath.Str(body["name"]), body);
}

/// <summary>
/// Everything the rules read, typed and read once: the environment, the predicted resources of every phase (and, for the
/// template rules, the compiled templates), the rendered workspace content and the table contracts. Parts a caller has not
/// built are empty or null; each rule says what it needs.
/// </summary>
public sealed class PolicyInput
{
    public required EnvironmentDefinition Environment { get; init; }

    /// <summary>templates/lakehouse.yaml: which tasks are gates and which layers are served.</summary>
    public required LakehouseDeclaration Lakehouse { get; init; }

    public LakeLayout Lake { get; init; } = LakeLayout.None;

    /// <summary>The compiled phases (templates and parameters); empty where only snapshots were read (the documents).</summary>
    public IReadOnlyList<PhaseEvidence> Templates { get; init; } = [];

    /// <summary>The phases a snapshot exists for.</summary>
    public IReadOnlyList<int> SnapshotPhases { get; init; } = [];

    /// <summary>Every predicted resource of every phase, phase by phase.</summary>
    public IReadOnlyList<SnapshotResource> Resources { get; init; } = [];

    public WorkspaceBundle? Workspace { get; init; }

    public ContractSet? Contracts { get; init; }

    public IReadOnlyList<BundleJob> Jobs => Workspace?.Jobs ?? [];

    /// <summary>The input of the compiled phases: their snapshots' resources, in snapshot order.</summary>
    public static PolicyInput FromPhases(EnvironmentDefinition environment, LakehouseDeclaration lakehouse, IReadOnlyList<PhaseEvidence> phases) => new()
    {
        Environment = environment,
        Lakehouse = lakehouse,
        Lake = LakeLayout.Of(lakehouse),
        Templates = phases,
        SnapshotPhases = phases.Select(p => p.Phase.Number).ToList(),
        Resources = phases.SelectMany(p => p.Snapshot.PredictedResources.Select(r => SnapshotResource.From(p.Phase.Number, r))).ToList(),
    };

    public IEnumerable<SnapshotResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>Resources of <paramref name="type"/> nested under <paramref name="parent"/> (their id extends its id).</summary>
    public IEnumerable<SnapshotResource> Under(SnapshotResource parent, string type) =>
        OfType(type).Where(r => r.Id.StartsWith(parent.Id + "/", StringComparison.OrdinalIgnoreCase));

    /// <summary>" (phases 1, 2, 3)", or why there is nothing: evidence for rules over every snapshot.</summary>
    public string PhasesNote => SnapshotPhases.Count == 0 ? " (no snapshots built)" : $" (phases {string.Join(", ", SnapshotPhases)})";
}
