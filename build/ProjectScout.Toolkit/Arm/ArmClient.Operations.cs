using System.Text.Json.Nodes;
using Azure.Core;
using ProjectScout.Model.Arm;

namespace ProjectScout.Toolkit.Arm;

/// <summary>One resource operation of a deployment (Deployment Operations - List): what it did to which resource, and how it ended.</summary>
public sealed record DeploymentOperation(string OperationId, string ProvisioningOperation, string ProvisioningState, string ResourceType, string ResourceName, TimeSpan? Duration, string StatusMessage)
{
    public bool IsFinished => ProvisioningState is "Succeeded" or "Failed" or "Canceled";
}

/// <summary>A deployment's resource operations and resource deletes: what progress and complete mode need.</summary>
public sealed partial class ArmClient
{
    /// <summary>The resource operations of a deployment so far (GET …/deployments/{name}/operations, following nextLink).</summary>
    public async Task<IReadOnlyList<DeploymentOperation>> ListDeploymentOperationsAsync(ResourceGroupScope scope, string name, CancellationToken cancellationToken = default)
    {
        var operations = new List<DeploymentOperation>();
        var (url, absolute) = ($"{DeploymentPath(scope, name)}/operations?api-version={ResourcesApiVersion}", false);
        while (url is not null)
        {
            var (_, body, _) = await SendRawAsync(RequestMethod.Get, url, null, "Listing the operations of deployment " + name, cancellationToken, absolute: absolute, allowNotFound: true);
            foreach (var operation in (body?["value"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var properties = operation["properties"] as JsonObject ?? [];
                var target = properties["targetResource"] as JsonObject;
                var duration = properties["duration"]?.ToString() is { Length: > 0 } text ? (TimeSpan?)System.Xml.XmlConvert.ToTimeSpan(text) : null;
                var message = properties["statusMessage"] is JsonObject status && status["error"] is JsonObject error ? ArmException.Describe(error) : properties["statusMessage"]?.ToString() ?? "";
                operations.Add(new DeploymentOperation(operation["operationId"]?.ToString() ?? "", properties["provisioningOperation"]?.ToString() ?? "",
                    properties["provisioningState"]?.ToString() ?? "", target?["resourceType"]?.ToString() ?? "", target?["resourceName"]?.ToString() ?? "", duration, message));
            }

            (url, absolute) = (body?["nextLink"]?.ToString(), true);
        }

        return operations;
    }

    /// <summary>Deletes a resource (DELETE, 202 + Location polled to the end); a resource already gone is fine.</summary>
    public async Task DeleteResourceAsync(string resourceId, string apiVersion, CancellationToken cancellationToken = default)
    {
        var operation = "Deleting " + resourceId;
        var (status, _, headers) = await SendRawAsync(RequestMethod.Delete, $"{resourceId}?api-version={apiVersion}", null, operation, cancellationToken, allowNotFound: true);
        if (status == 202)
        {
            await PollLocationAsync(headers, operation, cancellationToken);
        }
    }
}
