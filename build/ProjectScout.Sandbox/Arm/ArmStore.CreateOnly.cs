using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;

namespace ProjectScout.Sandbox.Arm;

internal sealed partial class ArmStore
{
    /// <summary>
    /// Azure refuses a PUT that changes a create-only property of an existing resource (a storage account's
    /// requireInfrastructureEncryption or isHnsEnabled: 400 AccountPropertyCannotBeUpdated; a workspace's VNet:
    /// VirtualNetworkIdChangeNotAllowed), and the deployment fails with the resource's error as its detail. Null: no such change.
    /// </summary>
    private JsonObject? CreateOnlyRefusal(IReadOnlyList<JsonObject> resources)
    {
        var errors = new List<JsonObject>();
        foreach (var resource in resources)
        {
            if (_state.Resources.TryGetValue(((string)resource["id"]!).ToLowerInvariant(), out var stored)
                && CreateOnlyProperties.FirstChange(resource, stored.Declared) is { } change)
            {
                var property = change.Property;
                errors.Add(Error(property.ErrorCode, property.Message(property.PropertyName, change.Current, change.Declared)));
            }
        }

        return errors.Count == 0
            ? null
            : Error("DeploymentFailed", "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.", errors);
    }
}
