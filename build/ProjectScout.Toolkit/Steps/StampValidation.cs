namespace ProjectScout.Toolkit.Steps;

/// <summary>After every Validate step passed: stamps the target's artifacts as validated (see <see cref="ValidationStamp"/>).</summary>
public sealed class StampValidation : IStep
{
    public string Name => nameof(StampValidation);

    public string Reads => "artifacts/<env>/{infra,snapshots,notebooks,jobs,policies} and the environment file of the target";

    public string Updates => "artifacts/<env>/.validated";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        // Only a run whose checks ran stamps: Validate --exclusive skips every check, so it proves nothing.
        var target = state.Target;
        if (target.Infra is null || target.Policies is null || target.Workspace is null)
        {
            state.Log.Warning($"{target.Name}: no check ran in this run (--exclusive?); the artifacts are not stamped as validated.");
            return Task.CompletedTask;
        }

        ValidationStamp.Write(state.Layout, target.Name);
        return Task.CompletedTask;
    }
}
