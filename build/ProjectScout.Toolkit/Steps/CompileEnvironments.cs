using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// The infra build and policy check of every environment but the target (Validate did the target), so the release
/// and its documents cover all of them. An environment whose compile fails is not policy-checked.
/// </summary>
public sealed class CompileEnvironments() : EnvironmentStep(EnvironmentScope.Others)
{
    private readonly BuildInfra _build = new(EnvironmentScope.Others);
    private readonly CheckInfraPolicies _check = new(EnvironmentScope.Others);

    public override string Name => nameof(CompileEnvironments);

    public override string Reads => $"{_build.Reads}; then {_check.Reads}";

    public override string Updates => $"{_build.Updates}; {_check.Updates}";

    public override void Prepare(BuildState state, IReadOnlyList<EnvironmentState> environments, CancellationToken cancellationToken) =>
        _build.Prepare(state, environments, cancellationToken);

    public override async Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        var built = await _build.ApplyAsync(state, environment, cancellationToken);
        return environment.Infra is { HasErrors: true }
            ? built
            : [.. built, .. await _check.ApplyAsync(state, environment, cancellationToken)];
    }
}
