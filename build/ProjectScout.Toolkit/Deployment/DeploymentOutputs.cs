using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Toolkit.Arm;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// The outputs of a phase's ARM deployment, where the deploy reads resource ids (never rebuilt from the environment
/// file's names); endpoints (workspace URL, vault URI) are read from those resources themselves. The output names are
/// the ones templates/infra/phase*.bicep declare.
/// </summary>
public sealed record DeploymentOutputs(string Deployment, IReadOnlyDictionary<string, JsonNode?> Values)
{
    public const string DatabricksWorkspaceResourceId = "databricksWorkspaceResourceId";
    public const string KeyVaultResourceId = "keyVaultResourceId";
    public const string AccessConnectorResourceId = "accessConnectorResourceId";
    public const string AutomationAccountResourceId = "automationAccountResourceId";
    public const string RunbookNames = "runbookNames";

    public static DeploymentOutputs From(DeploymentResult deployment) => new(deployment.Name, deployment.Outputs);

    /// <summary>A string output; empty when absent.</summary>
    public string Text(string name) => Values.GetValueOrDefault(name) is JsonValue value ? value.ToString() : "";

    /// <summary>A string-array output; empty when absent.</summary>
    public IReadOnlyList<string> List(string name) =>
        (Values.GetValueOrDefault(name) as JsonArray ?? []).Select(n => n?.ToString() ?? "").Where(n => n.Length > 0).ToList();

    /// <summary>The outputs of the named deployment in the target's resource group, or null when it is not in the history or did not succeed.</summary>
    public static async Task<DeploymentOutputs?> ReadAsync(DeployConnection connection, string deploymentName, CancellationToken ct) =>
        await connection.Arm.GetDeploymentAsync(connection.Target.Scope, deploymentName, ct) is { } deployment &&
        deployment.ProvisioningState.Equals("Succeeded", StringComparison.OrdinalIgnoreCase)
            ? From(deployment)
            : null;
}
