using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>
/// Checks every plane of the phase against what it should hold; an up-to-date phase is verified and the run ends
/// there, having changed nothing (the workspace manifest, a cache of what was read, may be rewritten). After the last phase it runs the daily job once when the deploy asks for it
/// (<see cref="DeployOptions.SmokeRun"/>: always in the sandbox).
/// </summary>
public sealed class VerifyDeployment : IDeployStep
{
    public string Name => "verify";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Phase), nameof(PhaseDeployState.Inputs), nameof(PhaseDeployState.Outputs), nameof(PhaseDeployState.Plan), nameof(PhaseDeployState.PlaneChanges)];
    public IReadOnlyList<string> Updates => [nameof(PhaseDeployState.Finished)];
    public bool RunsInPreview => false;

    public bool ShouldRun(PhaseDeployState state) => true;

    public async Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var upToDate = state.IsUpToDate;
        await VerifyOrThrowAsync(state, justPlanned: upToDate, hint: "", ct);
        if (state.Connection.Options.SmokeRun && state.Phase == DeployPhases.SmokeRunAfter)
        {
            await SmokeRun.RunAsync(state.Connection, ct);
        }

        if (upToDate)
        {
            foreach (var planned in state.PlaneChanges)
            {
                await planned.Plane.RecordReadsAsync(state, planned, ct);
            }

            var record = state.Record!;
            state.Connection.Log($"Phase {state.Number} is up to date (recorded {record.Time.UtcDateTime:yyyy-MM-dd HH:mm}Z, commit {record.Commit}); verified, nothing changed.");
            state.Finished = true;
        }
    }

    /// <summary>Every plane's problems in one error (the first 30), with <paramref name="hint"/> appended.</summary>
    public static async Task VerifyOrThrowAsync(PhaseDeployState state, bool justPlanned, string hint, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var plane in state.Phase.Planes)
        {
            problems.AddRange(await plane.VerifyAsync(state, justPlanned, ct));
        }

        if (problems.Count > 0)
        {
            throw new ToolkitException($"Verification of phase {state.Number} in '{state.Connection.EnvironmentName}' failed ({problems.Count}):\n  " + string.Join("\n  ", problems.Take(30)) + hint);
        }
    }
}
