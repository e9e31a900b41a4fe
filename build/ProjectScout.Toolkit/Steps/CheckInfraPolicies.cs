using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Steps;

/// <summary>Checks the predicted resources of every phase against the pre-deploy checklist and saves every result.</summary>
public sealed class CheckInfraPolicies(EnvironmentScope scope) : EnvironmentStep(scope)
{
    public override string Name => nameof(CheckInfraPolicies);

    public override string Reads => "environment definition, environment.Infra (compiled templates and snapshots)";

    public override string Updates => "environment.Policies; artifacts/<env>/infra/policy-results.json";

    public override Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        if (environment.Infra is { HasErrors: true })
        {
            return Task.FromResult<IReadOnlyList<Problem>>([]); // the infra build reported why; nothing to check
        }

        var policies = new InfraPolicyResults(state.Layout);
        var results = policies.EvaluateAndSave(environment.Definition);
        environment.Policies = results;
        var failures = policies.Failures(environment.Name, results);
        state.Log.Information($"{environment.Name,-10} {results.Count} policy checks over {results.Select(r => r.RuleId).Distinct().Count()} rules: {results.Count - failures.Count} passed, {failures.Count} failed. Results: {state.Layout.Display(policies.ResultsPath(environment.Name))}");
        return Task.FromResult(failures);
    }
}
