namespace ProjectScout.Toolkit.Steps;

/// <summary>After every Validate step passed: stamps the target's artifacts as validated (see <see cref="ValidationStamp"/>).</summary>
public sealed class StampValidation : IStep
{
    public string Name => nameof(StampValidation);

    public string Reads => "artifacts/<env>/{infra,snapshots,notebooks,jobs,policies} and the environment file of the target";

    public string Updates => "artifacts/<env>/.validated";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        ValidationStamp.Write(state.Layout, state.Target.Name);
        return Task.CompletedTask;
    }
}
