using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Deployment.Adoption;

namespace ProjectScout.Toolkit.Deployment.Steps;

/// <summary>
/// The adoption preflight, before anything is planned or written: a group the environment says must exist is there, and
/// no existing resource would take a create-only or consumer-breaking change (<see cref="AdoptedProperties"/>) unless
/// --accept-breaking names it. Runs in every real environment and in a sandbox that adopts.
/// </summary>
public sealed class CheckAdoption : IDeployStep
{
    public string Name => "adoption preflight";
    public IReadOnlyList<string> Reads => [nameof(PhaseDeployState.Connection), nameof(PhaseDeployState.Phase), nameof(PhaseDeployState.Inputs), nameof(PhaseDeployState.Group)];
    public IReadOnlyList<string> Updates => [];
    public bool RunsInPreview => true;

    public bool ShouldRun(PhaseDeployState state) =>
        AdoptionPreflight.Applies(state.Connection.Target.Environment) || state.Connection.Options.AcceptBreaking.Count > 0;

    public async Task RunAsync(PhaseDeployState state, CancellationToken ct)
    {
        var connection = state.Connection;
        var environment = connection.Target.Environment;
        var scope = connection.Target.Scope;
        var accepted = connection.Options.AcceptBreaking;
        AdoptionPreflight.CheckAcceptedNames(environment, accepted);
        if (state.Group is null)
        {
            if (environment.Azure.ResourceGroupMustExist)
            {
                throw new ToolkitException(AdoptionPreflight.MissingGroupMessage(environment, scope));
            }

            return; // a new group holds nothing to adopt
        }

        var (existing, conflicts) = await AdoptionPreflight.FindAsync(connection.Arm, scope, state.Inputs.Predicted, environment.SourceFile, ct);
        var acceptable = conflicts.Where(c => c.Property.Risk == AdoptionRisk.BreaksConsumers && accepted.Contains(c.ResourceName, StringComparer.OrdinalIgnoreCase)).ToList();
        var stopping = conflicts.Except(acceptable).ToList();
        if (stopping.Count > 0)
        {
            throw new ToolkitException(AdoptionPreflight.StopMessage(environment, state.Number, stopping));
        }

        foreach (var conflict in acceptable)
        {
            connection.Log($"Accepted by --accept-breaking={conflict.ResourceName}: {conflict.ToLine()}");
        }

        connection.Log($"Adoption preflight: {existing} existing resource(s) of phase {state.Number} read; {(acceptable.Count == 0 ? "no conflicting property" : $"{acceptable.Count} breaking change(s) accepted")}.");
    }
}
