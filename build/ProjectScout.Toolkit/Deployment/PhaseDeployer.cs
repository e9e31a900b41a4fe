using ProjectScout.Model.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment.Steps;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Deploys phases of one environment through the <see cref="DeployPipeline"/> (plan → approve → lock → apply → verify
/// → record over the phase's planes), and verifies recorded phases on their own. Owns the run's connection.
/// </summary>
public sealed class PhaseDeployer(DeployTarget target, EnvironmentArtifacts artifacts, DeployOptions options, Action<string> log, Func<string, string> display, DeployPipeline? pipeline = null)
    : IDisposable
{
    private readonly DeployConnection _connection = new(target, artifacts, options, log, display);

    public ArmClient Arm => _connection.Arm;

    public DeployConnection Connection => _connection;

    public Task<PhaseOutcome> DeployAsync(int phase, CancellationToken ct = default) =>
        (pipeline ?? DeployPipeline.Default).RunAsync(new PhaseDeployState(_connection, DeployPhases.Get(phase)), ct);

    /// <summary>Verify on its own: every recorded phase is checked, each against the outputs of the deployment its record names.</summary>
    public async Task<IReadOnlyList<int>> VerifyRecordedAsync(CancellationToken ct = default)
    {
        var environment = _connection.EnvironmentName;
        var group = await _connection.Tags.ReadAsync(ct) ?? throw new ToolkitException(
            $"Resource group {target.Scope.ResourceGroup} does not exist: nothing is deployed to '{environment}'. Run ./build.sh --target=DeployAll --environment={environment}.");
        var phases = DeployPhases.All.Where(p => PhaseRecord.Read(group.Tags, p.Number) is not null).ToList();
        if (phases.Count == 0)
        {
            throw new ToolkitException($"No phase is recorded as deployed in '{environment}'. Run ./build.sh --target=DeployPhase{DeployPhases.All[0].Number} --environment={environment}.");
        }

        // Every phase is checked and the smoke run still runs when one fails: drift names what is missing, the run names
        // the task it breaks and how (the service's error), so one Verify reports both.
        var failures = new List<string>();
        foreach (var phase in phases)
        {
            var state = new PhaseDeployState(_connection, phase) { Group = group };
            state.Inputs = PhaseInputs.Load(artifacts, environment, phase.Infra, display);
            var recorded = state.Record!;
            state.Outputs = await DeploymentOutputs.ReadAsync(_connection, recorded.Deployment, ct);
            var hint = recorded.Deployment == state.Inputs.DeploymentName
                ? ""
                : $"\n  (the compiled phase {phase.Number} is {state.Inputs.DeploymentName}, the environment has {recorded.Deployment}: run ./build.sh --target=DeployPhase{phase.Number} --environment={environment})";
            try
            {
                await VerifyDeployment.VerifyOrThrowAsync(state, justPlanned: false, hint, ct);
                log($"Phase {phase.Number}: verified.");
            }
            catch (ToolkitException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (_connection.Options.SmokeRun)
        {
            try
            {
                await SmokeRun.RunAsync(_connection, ct);
            }
            catch (ToolkitException ex) when (failures.Count > 0)
            {
                failures.Add(ex.Message);
            }
        }

        return failures.Count == 0 ? phases.Select(p => p.Number).ToList() : throw new ToolkitException(string.Join("\n", failures));
    }

    public void Dispose() => _connection.Dispose();
}
