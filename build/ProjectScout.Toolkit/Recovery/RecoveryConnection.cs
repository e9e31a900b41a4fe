using ProjectScout.Model.Azure;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Recovery;

/// <summary>The environment's deployed workspace, reached as the deploy reaches it (databricks.host, else the URL the workspace reports).</summary>
public static class RecoveryConnection
{
    public static async Task<DatabricksClient> ConnectAsync(DeployTarget target, CancellationToken ct = default)
    {
        var environment = target.Environment;
        var workspaceId = $"{target.Scope.Path}/providers/{AzureResourceTypes.DatabricksWorkspaces.Name}/{environment.Names.DatabricksWorkspace}";
        var url = environment.Databricks.Host;
        if (url.Length == 0)
        {
            var workspace = await target.CreateArmClient().GetResourceAsync(workspaceId, AzureResourceTypes.DatabricksWorkspaces.ApiVersion!, ct);
            url = workspace?["properties"]?["workspaceUrl"]?.ToString() ?? "";
        }

        if (url.Length == 0)
        {
            throw new ToolkitException($"Restore: the Databricks workspace {environment.Names.DatabricksWorkspace} of '{environment.Name}' is not deployed; run DeployPhase1 first (or set databricks.host).");
        }

        var host = new Uri((url.StartsWith("https://", StringComparison.Ordinal) ? url : "https://" + url).TrimEnd('/') + "/");
        return target.CreateDatabricksClient(host, workspaceId);
    }
}
