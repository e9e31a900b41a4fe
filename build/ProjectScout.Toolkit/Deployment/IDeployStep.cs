namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// One step of a phase deploy: one job, saying which members of <see cref="PhaseDeployState"/> it reads and which it
/// updates (checked by a test: every read is given or updated by an earlier step).
/// </summary>
public interface IDeployStep
{
    string Name { get; }

    IReadOnlyList<string> Reads { get; }

    IReadOnlyList<string> Updates { get; }

    /// <summary>Whether --what-if runs it; the first step that a preview does not run is where a preview stops.</summary>
    bool RunsInPreview { get; }

    /// <summary>False to skip the step for this state (e.g. no lock when there is nothing to write).</summary>
    bool ShouldRun(PhaseDeployState state);

    Task RunAsync(PhaseDeployState state, CancellationToken ct);
}
