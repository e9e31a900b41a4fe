using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Toolkit.Databricks.Adapters;

/// <summary>An AI/BI dashboard the workspace must hold: its display name (the file name without .lvdash.json) and its serialized content.</summary>
public sealed record DashboardSpec(string DisplayName, string SerializedDashboard)
{
    public const string Extension = ".lvdash.json";

    public string PathUnder(string folder) => folder.TrimEnd('/') + "/" + DisplayName + Extension;
}

public sealed record DashboardStep(DashboardSpec Spec, string ParentPath, string? DashboardId, ChangeAction Action);

public sealed record DashboardPlan(IReadOnlyList<DashboardStep> Steps, IReadOnlyList<PlanChange> Changes) : IAdapterPlan;

/// <summary>
/// The environment's AI/BI dashboards (AccessDesired.Dashboards: the quality dashboard), in the notebook root, on the
/// DDL warehouse, found by their path (get-status resource_id → dashboard id), updated when their content or warehouse
/// differ, and published after every write (viewers query with their own credentials, so masks and grants apply).
/// </summary>
public sealed class DashboardAdapter : WorkspaceAdapter<DashboardPlan>
{
    public override string Kind => "dashboard";

    public override DashboardPlan PlanForNewWorkspace(WorkspaceDesired desired)
    {
        var steps = Specs(desired).Select(s => new DashboardStep(s, desired.Bundle.NotebookRoot, null, ChangeAction.Create)).ToList();
        return new DashboardPlan(steps, steps.Select(s => Change(s.Spec.PathUnder(s.ParentPath), ChangeAction.Create, NotDeployedYet)).ToList());
    }

    public override async Task<DashboardPlan> PlanAsync(WorkspaceDesired desired, WorkspaceReads live, CancellationToken ct)
    {
        var specs = Specs(desired);
        if (specs.Count == 0)
        {
            return new DashboardPlan([], []);
        }

        var warehouse = (await SqlWarehouseAdapter.FindAsync(live.Client, desired.Access!.WarehouseName, ct))?["id"]?.ToString();
        var steps = new List<DashboardStep>();
        var changes = new List<PlanChange>();
        foreach (var spec in specs)
        {
            var path = spec.PathUnder(desired.Bundle.NotebookRoot);
            var status = await live.Client.GetStatusAsync(path, ct);
            var id = status?["object_type"]?.ToString() == "DASHBOARD" ? status["resource_id"]?.ToString() : null;
            var found = id is null ? null : await live.Client.GetDashboardAsync(id, ct);
            if (found is null)
            {
                steps.Add(new DashboardStep(spec, desired.Bundle.NotebookRoot, null, ChangeAction.Create));
                changes.Add(Change(path, ChangeAction.Create));
                continue;
            }

            var differing = new List<AttributeChange>();
            if (!SameDashboard(found["serialized_dashboard"]?.ToString(), spec.SerializedDashboard))
            {
                differing.Add(new AttributeChange("serialized_dashboard", "(edited)", "(rendered)"));
            }

            if (warehouse is null || found["warehouse_id"]?.ToString() != warehouse)
            {
                differing.Add(new AttributeChange("warehouse_id", found["warehouse_id"]?.ToString() ?? "", warehouse ?? "(the DDL warehouse, created in this apply)"));
            }

            var action = differing.Count == 0 ? ChangeAction.NoChange : ChangeAction.Update;
            steps.Add(new DashboardStep(spec, desired.Bundle.NotebookRoot, id, action));
            changes.Add(Change(path, action, string.Join(", ", differing.Select(d => d.Path))) with { Id = id!, Attributes = differing });
        }

        return new DashboardPlan(steps, changes);
    }

    public override async Task ApplyAsync(DashboardPlan plan, WorkspaceApply apply, CancellationToken ct)
    {
        foreach (var step in plan.Steps.Where(s => s.Action != ChangeAction.NoChange))
        {
            var path = step.Spec.PathUnder(step.ParentPath);
            await apply.GuardAsync("dashboard " + path, async () =>
            {
                var id = step.DashboardId;
                if (id is null)
                {
                    await apply.Client.MkdirsAsync(step.ParentPath, ct);
                    try
                    {
                        id = await apply.Client.CreateDashboardAsync(step.Spec.DisplayName, step.ParentPath, step.Spec.SerializedDashboard, apply.WarehouseId, ct);
                    }
                    catch (Exception ex) when (ex is DatabricksTransportException or DatabricksApiException { Status: >= 500 } or DatabricksApiException { ErrorCode: "RESOURCE_ALREADY_EXISTS" })
                    {
                        // The path is unique: a create that went through before the connection dropped is found there and updated.
                        id = (await apply.Client.GetStatusAsync(path, ct))?["resource_id"]?.ToString();
                        if (id is null)
                        {
                            throw;
                        }

                        await apply.Client.UpdateDashboardAsync(id, step.Spec.SerializedDashboard, apply.WarehouseId, ct);
                    }
                }
                else
                {
                    await apply.Client.UpdateDashboardAsync(id, step.Spec.SerializedDashboard, apply.WarehouseId, ct);
                }

                await apply.Client.PublishDashboardAsync(id, apply.WarehouseId, embedCredentials: false, ct);
            });
        }
    }

    private static IReadOnlyList<DashboardSpec> Specs(WorkspaceDesired desired) => desired.Access?.Dashboards ?? [];

    /// <summary>The service may re-serialize the content: equal when both parse to the same JSON.</summary>
    private static bool SameDashboard(string? live, string rendered)
    {
        try
        {
            return live is not null && JsonNormalizer.SameMeaning(JsonNode.Parse(live), JsonNode.Parse(rendered));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
