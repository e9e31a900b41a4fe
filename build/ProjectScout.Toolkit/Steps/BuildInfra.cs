using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Generates phase parameters from the environment, compiles and lints every Bicep template in the run's one Bicep
/// process and snapshots each phase (skipped when the inputs are unchanged).
/// </summary>
public sealed class BuildInfra(EnvironmentScope scope) : EnvironmentStep(scope)
{
    public override string Name => nameof(BuildInfra);

    public override string Reads => "environment definition, templates/infra";

    public override string Updates => "environment.Infra; artifacts/<env>/infra, artifacts/<env>/snapshots";

    /// <summary>Builds started by <see cref="Prepare"/>, per run and environment.</summary>
    private static readonly ConditionalWeakTable<BuildState, ConcurrentDictionary<string, Task<InfraBuildResult>>> Started = new();

    /// <summary>Starts every valid environment's build at once on the shared Bicep process (templates compile once for all).</summary>
    public override void Prepare(BuildState state, IReadOnlyList<EnvironmentState> environments, CancellationToken cancellationToken)
    {
        var started = Started.GetOrCreateValue(state);
        foreach (var environment in environments.Where(e => e.IsValid))
        {
            started.GetOrAdd(environment.Name, _ => Task.Run(() => new InfraBuildService(state.Layout).BuildAsync(environment.Definition, state.Bicep, cancellationToken), cancellationToken));
        }
    }

    public override async Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken)
    {
        var result = Started.TryGetValue(state, out var started) && started.TryRemove(environment.Name, out var build)
            ? await build
            : await new InfraBuildService(state.Layout).BuildAsync(environment.Definition, state.Bicep, cancellationToken);
        environment.Infra = result;
        // On failure every diagnostic, warnings included, is reported once with the errors; print them here only otherwise.
        foreach (var warning in result.HasErrors ? [] : result.Diagnostics.Where(d => d.Severity == Severity.Warning))
        {
            state.Log.Warning(warning.ToString());
        }

        if (result.HasErrors)
        {
            state.Log.Information($"{environment.Name,-10} compile failed");
        }
        else if (result.Skipped)
        {
            state.Log.Information($"{environment.Name,-10} infra inputs unchanged ({result.InputsHash[..12]}); compiled templates, parameters and snapshots are up to date.");
        }
        else
        {
            state.Log.Information($"{environment.Name,-10} compiled and linted {result.TemplatesCompiled} templates; {result.Diagnostics.Count} diagnostics.");
            foreach (var phase in result.Phases)
            {
                state.Log.Information($"{"",-10} phase {phase.Phase.Number}: {state.Layout.Display(phase.CompiledTemplate)}, {state.Layout.Display(phase.CompiledParameters)}, {state.Layout.Display(phase.Snapshot)}");
            }
        }

        return result.Diagnostics;
    }
}
