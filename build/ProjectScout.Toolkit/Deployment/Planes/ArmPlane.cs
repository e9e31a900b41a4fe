using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Azure;
using ProjectScout.Toolkit.Arm;

namespace ProjectScout.Toolkit.Deployment.Planes;

/// <summary>The ARM plan: what-if's changes, and whether this very deployment is already in the group's history.</summary>
public sealed class ArmChanges(IPlane plane, IReadOnlyList<PlanChange> changes, bool deploymentExists) : PlaneChanges(plane, changes)
{
    /// <summary>The deployment of these inputs succeeded before: its outputs are known, an unchanged plan needs no new one.</summary>
    public bool DeploymentExists { get; } = deploymentExists;

    /// <summary>Complete mode: the orphaned resources to delete after the deployment, deepest first, with the api-version to delete each.</summary>
    public IReadOnlyList<(string Id, string ApiVersion)> OrphanDeletes { get; init; } = [];
}

/// <summary>
/// The phase's ARM template in its resource group: planned by validate + what-if (every predicted resource as a create
/// when the group does not exist), applied as one Incremental deployment whose outputs the other planes read, verified
/// against the Bicep snapshot.
/// </summary>
public sealed class ArmPlane : IPlane
{
    public const string PlaneName = "arm";

    public string Name => PlaneName;

    public async Task<PlaneChanges> PlanAsync(PhaseDeployState state, CancellationToken ct)
    {
        var (connection, inputs) = (state.Connection, state.Inputs);
        if (state.Group is null)
        {
            var created = new List<PlanChange> { new(Name, AzureResourceTypes.ResourceGroups.Name, connection.Target.Scope.ResourceGroup, ChangeAction.Create) };
            created.AddRange(inputs.Predicted.Select(r => new PlanChange(Name, r.Type, ArmDisplayNames.Resolve(r.Name), ChangeAction.Create) { Id = r.Id }));
            return new ArmChanges(this, created, deploymentExists: false);
        }

        var arm = connection.Arm;
        await arm.ValidateAsync(connection.Target.Scope, inputs.DeploymentName, inputs.Template, inputs.Parameters, ct);
        var whatIf = await arm.WhatIfAsync(connection.Target.Scope, inputs.DeploymentName, inputs.Template, inputs.Parameters, ct);

        // The outputs of this deployment, else of the recorded one (the phase's resources as last deployed).
        state.Outputs = await DeploymentOutputs.ReadAsync(connection, inputs.DeploymentName, ct);
        var exists = state.Outputs is not null;
        if (state.Outputs is null && state.Record is { } record && record.Deployment != inputs.DeploymentName)
        {
            state.Outputs = await DeploymentOutputs.ReadAsync(connection, record.Deployment, ct);
        }

        // The template is the one recorded as deployed: any difference what-if finds was made outside the toolkit.
        var sameAsRecorded = state.Record?.Deployment == inputs.DeploymentName;
        var changes = whatIf.Select(c => ToPlanChange(c, sameAsRecorded)).OfType<PlanChange>().ToList();
        var orphans = OrphanedResources.Declared(connection.Artifacts).Find(whatIf, connection.Options.Complete);
        if (connection.Options.Complete)
        {
            changes.AddRange(orphans.Select(o => o.Change));
            return new ArmChanges(this, changes, exists)
            {
                OrphanDeletes = orphans.Select(o => (o.Change.Id, o.ApiVersion)).OrderByDescending(o => o.Id.Length).ThenBy(o => o.Id, StringComparer.OrdinalIgnoreCase).ToList(),
            };
        }

        return new ArmChanges(this, changes, exists) { Orphaned = orphans.Select(o => o.Change).ToList() };
    }

    public async Task ApplyAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct)
    {
        if (!planned.HasChanges && planned is ArmChanges { DeploymentExists: true })
        {
            return;
        }

        var (connection, inputs) = (state.Connection, state.Inputs);
        connection.Log($"Deploying {inputs.DeploymentName} to resource group {connection.Target.Scope.ResourceGroup} (Incremental)…");
        var deployment = connection.Arm.DeployAsync(connection.Target.Scope, inputs.DeploymentName, inputs.Template, inputs.Parameters, ct);
        var result = await DeploymentProgress.FollowAsync(connection, inputs.DeploymentName, inputs.Predicted.Count, deployment, ct);
        connection.Log($"ARM deployment {result.Name}: {result.ProvisioningState}.");
        state.Outputs = DeploymentOutputs.From(result);
        var deletes = (planned as ArmChanges)?.OrphanDeletes ?? [];
        foreach (var (id, apiVersion) in deletes)
        {
            await connection.Arm.DeleteResourceAsync(id, apiVersion, ct);
            connection.Log($"Deleted orphaned {ResourceType(id)} {PlanChange.ShortArmName(id)} (complete mode).");
        }
    }

    public async Task<IReadOnlyList<string>> VerifyAsync(PhaseDeployState state, bool justPlanned, CancellationToken ct)
    {
        var inputs = state.Inputs;
        var unresolved = inputs.Predicted.Count(r => r.IsUnresolved);
        if (unresolved > 0)
        {
            state.Connection.Log($"warning: {unresolved} predicted resource id(s) of phase {state.Number} depend on values bicep snapshot cannot evaluate offline (e.g. environment()); they are not verified.");
        }

        return await SnapshotVerifier.VerifyAsync(state.Connection.Arm, inputs.Predicted, ct);
    }

    internal static PlanChange? ToPlanChange(WhatIfChange change) => ToPlanChange(change, sameAsRecorded: false);

    /// <summary>A what-if change as a plan row; <paramref name="sameAsRecorded"/>: the template is the recorded one, so a Modify is drift.</summary>
    internal static PlanChange? ToPlanChange(WhatIfChange change, bool sameAsRecorded)
    {
        var action = change.ChangeType switch
        {
            "Create" => ChangeAction.Create,
            "Delete" => ChangeAction.Delete,
            "NoChange" => ChangeAction.NoChange,
            "Ignore" => (ChangeAction?)null, // exists, not in this template: incremental mode leaves it alone
            _ => ChangeAction.Update, // Modify, Deploy (changes unknown), Unsupported (what-if cannot tell): shown, never hidden
        };
        if (action is null)
        {
            return null;
        }

        var detail = change.ChangeType switch
        {
            "Modify" => string.Join(", ", (change.Raw["delta"] as JsonArray ?? []).OfType<JsonObject>().Select(d => d["path"]?.ToString()).Where(p => p is not null).Take(6)),
            "Deploy" => "redeployed, property changes unknown",
            "Unsupported" => "what-if cannot predict: " + change.Raw["unsupportedReason"],
            _ => "",
        };
        var attributes = change.ChangeType == "Modify" ? Attributes(change.Raw["delta"] as JsonArray ?? [], "").ToList() : [];
        return new PlanChange(PlaneName, ResourceType(change.ResourceId), PlanChange.ShortArmName(change.ResourceId), action.Value, detail)
        {
            Id = change.ResourceId,
            Attributes = attributes,
            Drift = sameAsRecorded && change.ChangeType == "Modify" ? DriftKinds.Edited : "",
        };
    }

    /// <summary>What-if's delta flattened to one old → new per leaf: array children are indexed, nested changes joined by dots.</summary>
    internal static IEnumerable<AttributeChange> Attributes(JsonArray delta, string prefix)
    {
        foreach (var entry in delta.OfType<JsonObject>())
        {
            var path = entry["path"]?.ToString() ?? "";
            var full = prefix.Length == 0 ? path : int.TryParse(path, out _) ? $"{prefix}[{path}]" : $"{prefix}.{path}";
            if (entry["children"] is JsonArray { Count: > 0 } children)
            {
                foreach (var child in Attributes(children, full))
                {
                    yield return child;
                }
            }
            else
            {
                yield return AttributeChange.From(full, entry["before"], entry["after"]);
            }
        }
    }

    /// <summary>Microsoft.Storage/storageAccounts/blobServices from …/providers/Microsoft.Storage/storageAccounts/x/blobServices/default.</summary>
    public static string ResourceType(string resourceId) => ResourceId.TryParse(resourceId, out var id) ? id.Type : "unknown";
}
