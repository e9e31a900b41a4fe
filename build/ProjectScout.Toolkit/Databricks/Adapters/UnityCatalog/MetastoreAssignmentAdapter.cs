using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;

public sealed record MetastoreAssignmentPlan(IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>
/// The preflight of every Unity Catalog kind: the workspace must have a metastore. Assigning one is an account admin's
/// step (not the deployer's), so a missing assignment stops the plan in one line that names it; nothing is written.
/// </summary>
public sealed class MetastoreAssignmentAdapter : WorkspaceAdapter<MetastoreAssignmentPlan>
{
    public override string Kind => "metastore-assignment";

    public override MetastoreAssignmentPlan PlanForNewWorkspace(WorkspaceDesired desired) => new([]);

    public override async Task<MetastoreAssignmentPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        if (desired.Catalog.Count > 0 && await live.MetastoreAssignmentAsync() is null)
        {
            throw Missing(desired, live.Client);
        }

        return new([]);
    }

    public override Task ApplyAsync(MetastoreAssignmentPlan plan, WorkspaceApply apply, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The one line a workspace without a metastore stops with.</summary>
    public static ToolkitException Missing(WorkspaceDesired desired, DatabricksClient client)
    {
        var id = desired.WorkspaceId.Length > 0 ? desired.WorkspaceId : "<workspace id>";
        return new ToolkitException(
            $"Unity Catalog: workspace {id} ({client.Host.Host}) has no metastore assigned (METASTORE_DOES_NOT_EXIST); an account admin must assign its region's metastore " +
            $"(PUT /api/2.1/unity-catalog/workspaces/{id}/metastore with the metastore_id, or Account console > Catalog > the metastore > Workspaces > Assign), then deploy again.");
    }
}
