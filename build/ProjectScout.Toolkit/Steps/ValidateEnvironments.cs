using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Steps;

/// <summary>Reports every problem of every environment file (names, networks, e-mails, schedules), as loaded once into the state.</summary>
public sealed class ValidateEnvironments() : EnvironmentStep(EnvironmentScope.All)
{
    public override string Name => nameof(ValidateEnvironments);

    public override string Reads => "state.Environments (each file parsed and validated once, in Setup)";

    public override string Updates => "nothing";

    public override Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        if (environment.Name == state.Settings.EnvironmentName)
        {
            ValidationStamp.Remove(environment.Artifacts); // until this Validate passes, the target's artifacts are not deployable
        }

        state.Log.Information($"{environment.Name,-10} {(environment.LoadProblems.Count == 0 ? "ok" : $"{environment.LoadProblems.Count} problem(s)")}");
        return Task.FromResult(environment.LoadProblems);
    }
}
