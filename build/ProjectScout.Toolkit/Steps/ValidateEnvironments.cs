using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Governance;

namespace ProjectScout.Toolkit.Steps;

/// <summary>Reports every problem of every environment file (names, networks, e-mails, schedules), as loaded once into the state.</summary>
public sealed class ValidateEnvironments() : EnvironmentStep(EnvironmentScope.All)
{
    public override string Name => nameof(ValidateEnvironments);

    public override string Reads => "state.Environments (each file parsed and validated once, in Setup), state.Governance, state.Contracts";

    public override string Updates => "nothing";

    public override Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        if (environment.Name == state.Settings.EnvironmentName)
        {
            ValidationStamp.Remove(environment.Artifacts); // until this Validate passes, the target's artifacts are not deployable
        }

        // Access declared across files: the contracts' classifications and this environment's groups against governance.yaml.
        IReadOnlyList<Problem> problems = environment.LoadProblems.Count > 0
            ? environment.LoadProblems
            : [.. AccessChecks.Principals(state.Governance, environment.Definition), .. AccessChecks.Classifications(state.Governance, state.Contracts)];
        state.Log.Information($"{environment.Name,-10} {(problems.Count == 0 ? "ok" : $"{problems.Count} problem(s)")}");
        return Task.FromResult(problems);
    }
}
