using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// What every phase of one deploy run shares: the target, its artifacts, the run's switches, the log, and the clients
/// (one ARM client; one Databricks client, opened on first use at the workspace the deployment outputs name).
/// </summary>
public sealed class DeployConnection : IDisposable
{
    private DatabricksClient? _databricks;

    public DeployConnection(DeployTarget target, EnvironmentArtifacts artifacts, DeployOptions options, Action<string> log, Func<string, string> display)
    {
        Target = target;
        Artifacts = artifacts;
        Options = options;
        Log = log;
        Display = display;
        Arm = target.CreateArmClient();
        Tags = new ResourceGroupTags(Arm, target.Scope, target.Environment);
    }

    public DeployTarget Target { get; }
    public EnvironmentArtifacts Artifacts { get; }
    public DeployOptions Options { get; }
    public Action<string> Log { get; }
    public Func<string, string> Display { get; }
    public ArmClient Arm { get; }
    public ResourceGroupTags Tags { get; }

    public string EnvironmentName => Target.Environment.Name;

    /// <summary>The Databricks client of this run (the workspace does not move within one run).</summary>
    public DatabricksClient Databricks(Uri host, string workspaceResourceId) => _databricks ??= Target.CreateDatabricksClient(host, workspaceResourceId);

    public void Dispose() => _databricks?.Dispose();
}
