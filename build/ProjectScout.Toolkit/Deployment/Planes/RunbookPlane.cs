using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Deployment.Planes;

/// <summary>
/// The runbooks of the automation account the deployment outputs: ARM cannot carry their text, so each is uploaded and
/// published from the artifacts (<see cref="RunbookPublisher"/>). The names are the template's runbookNames output.
/// </summary>
public sealed class RunbookPlane : IPlane
{
    public string Name => RunbookPublisher.Plane;

    public async Task<PlaneChanges> PlanAsync(PhaseDeployState state, CancellationToken ct)
    {
        var runbooks = Declared(state);
        if (runbooks.Count == 0)
        {
            return new PlaneChanges(this, []);
        }

        var changes = Publisher(state) is { } publisher
            ? await publisher.PlanAsync(runbooks, ct)
            : RunbookPublisher.PlanForNewAccount(runbooks, AccountName(state));
        return new PlaneChanges(this, changes);
    }

    public async Task ApplyAsync(PhaseDeployState state, PlaneChanges planned, CancellationToken ct)
    {
        if (!planned.HasChanges)
        {
            return;
        }

        // The deployment's runbookNames output names what to publish; planned again against what is live now.
        var connection = state.Connection;
        var names = state.Outputs?.List(DeploymentOutputs.RunbookNames) is { Count: > 0 } output ? output : RunbookPublisher.DeclaredNames(state.Inputs.Template);
        var runbooks = RunbookPublisher.Load(connection.Artifacts, names, connection.EnvironmentName, connection.Display);
        var publisher = Publisher(state) ?? throw MissingAccount(state);
        var published = await publisher.ApplyAsync(runbooks, await publisher.PlanAsync(runbooks, ct), ct);
        connection.Log($"Runbooks of {publisher.AccountName}: {published} uploaded and published, {runbooks.Count - published} already current.");
    }

    public async Task<IReadOnlyList<string>> VerifyAsync(PhaseDeployState state, bool justPlanned, CancellationToken ct)
    {
        var runbooks = Declared(state);
        if (runbooks.Count == 0)
        {
            return [];
        }

        return Publisher(state) is { } publisher
            ? await publisher.VerifyAsync(runbooks, ct, contentJustPlanned: justPlanned)
            : [$"{RunbookPublisher.Kind}s: {MissingAccount(state).Message}"];
    }

    private static IReadOnlyList<RunbookArtifact> Declared(PhaseDeployState state)
    {
        var connection = state.Connection;
        var names = RunbookPublisher.DeclaredNames(state.Inputs.Template);
        return names.Count == 0 ? [] : RunbookPublisher.Load(connection.Artifacts, names, connection.EnvironmentName, connection.Display);
    }

    /// <summary>The publisher for the automation account the deployment outputs; null before the phase is deployed.</summary>
    private static RunbookPublisher? Publisher(PhaseDeployState state) =>
        state.Outputs?.Text(DeploymentOutputs.AutomationAccountResourceId) is { Length: > 0 } account
            ? new RunbookPublisher(state.Connection.Arm, account)
            : null;

    /// <summary>The account's name for a plan made before it exists (from the environment's names: it is only shown).</summary>
    private static string AccountName(PhaseDeployState state) => state.Connection.Target.Environment.Names.AutomationAccount;

    private static ToolkitException MissingAccount(PhaseDeployState state) => new(
        $"deployment {state.Outputs?.Deployment ?? state.Inputs.DeploymentName} has no {DeploymentOutputs.AutomationAccountResourceId} output; " +
        $"phase {state.Number}'s template must output the automation account's resource id.");
}
