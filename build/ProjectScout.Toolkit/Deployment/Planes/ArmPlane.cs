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
            created.AddRange(inputs.Predicted.Select(r => new PlanChange(Name, r.Type, r.IsUnresolved ? r.Name : r.Id, ChangeAction.Create)));
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

        return new ArmChanges(this, whatIf.Select(ToPlanChange).OfType<PlanChange>().ToList(), exists);
    }

    public async Task ApplyAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct)
    {
        if (!planned.HasChanges && planned is ArmChanges { DeploymentExists: true })
        {
            return;
        }

        var (connection, inputs) = (state.Connection, state.Inputs);
        connection.Log($"Deploying {inputs.DeploymentName} to resource group {connection.Target.Scope.ResourceGroup} (Incremental)…");
        var result = await connection.Arm.DeployAsync(connection.Target.Scope, inputs.DeploymentName, inputs.Template, inputs.Parameters, ct);
        connection.Log($"ARM deployment {result.Name}: {result.ProvisioningState}.");
        state.Outputs = DeploymentOutputs.From(result);
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

    internal static PlanChange? ToPlanChange(WhatIfChange change)
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
        return new PlanChange(PlaneName, ResourceType(change.ResourceId), change.ResourceId, action.Value, detail);
    }

    /// <summary>Microsoft.Storage/storageAccounts/blobServices from …/providers/Microsoft.Storage/storageAccounts/x/blobServices/default.</summary>
    public static string ResourceType(string resourceId) => ResourceId.TryParse(resourceId, out var id) ? id.Type : "unknown";
}
