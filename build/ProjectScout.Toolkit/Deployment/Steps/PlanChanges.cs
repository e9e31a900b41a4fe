using ProjectScout.Toolkit.Deployment.Planes;
using ProjectScout.Toolkit.IO;

namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>
/// Plans every plane of the phase in order (ARM first: it finds the outputs the others read), joins the changes into one
/// plan, writes plan/phase&lt;N&gt;.json and .md and prints the table.
/// </summary>
public sealed class PlanChanges : IDeployStep
{
    public string Name => "plan";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Phase), nameof(PhaseDeployState.Inputs), nameof(PhaseDeployState.Group)];
    public IReadOnlyList<string> Updates => [nameof(PhaseDeployState.Outputs), nameof(PhaseDeployState.PlaneChanges), nameof(PhaseDeployState.Plan)];
    public bool RunsInPreview => true;

    public bool ShouldRun(PhaseDeployState state) => true;

    public async Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var planes = new List<PlaneChanges>();
        foreach (var plane in state.Phase.Planes)
        {
            planes.Add(await plane.PlanAsync(state, ct));
        }

        state.PlaneChanges = planes;
        var connection = state.Connection;
        var plan = new PhasePlan
        {
            Environment = connection.EnvironmentName,
            Phase = state.Number,
            DeploymentName = state.Inputs.DeploymentName,
            Changes = planes.SelectMany(p => p.Changes).ToList(),
            Orphaned = planes.SelectMany(p => p.Orphaned).ToList(),
        };
        plan.CostDeltaLine = Cost.CostDelta.Line(plan, Cost.CostEstimateDocument.ReadLines(Path.Combine(connection.Artifacts.Docs, Cost.CostEstimateDocument.DataFileName)));
        state.Plan = plan;
        GeneratedFiles.Write(PlanPath(state, ".json"), plan.ToJson());
        GeneratedFiles.Write(PlanPath(state, ".md"), plan.ToMarkdown());
        foreach (var line in plan.ToConsoleLines())
        {
            connection.Log(line);
        }
    }

    /// <summary>artifacts/&lt;env&gt;/plan/phase&lt;N&gt;&lt;extension&gt;</summary>
    public static string PlanPath(PhaseDeployState state, string extension) =>
        Path.Combine(state.Connection.Artifacts.Plan, $"phase{state.Number}{extension}");
}
