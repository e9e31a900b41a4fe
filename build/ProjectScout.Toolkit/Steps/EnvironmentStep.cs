using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// A step that does its job for one environment at a time. The loop over environments lives here, once: each
/// environment in <see cref="Scope"/> gets the step, its problems are collected (a problem several environments share,
/// such as a template mistake, is reported once), and all of them are thrown together at the end.
/// </summary>
public abstract class EnvironmentStep(EnvironmentScope scope) : IStep
{
    public abstract string Name { get; }

    public abstract string Reads { get; }

    public abstract string Updates { get; }

    public EnvironmentScope Scope { get; } = scope;

    /// <summary>Does the step's job for one environment and returns its problems (warnings included).</summary>
    public abstract Task<IReadOnlyList<Problem>> ApplyAsync(BuildState state, EnvironmentState environment, CancellationToken cancellationToken);

    /// <summary>
    /// Called once before the loop with every environment in scope: a step whose work for one environment does not
    /// depend on another's may start all of it here, side by side; the loop still reports in order.
    /// </summary>
    public virtual void Prepare(BuildState state, IReadOnlyList<EnvironmentState> environments, CancellationToken cancellationToken)
    {
    }

    public async Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        Prepare(state, InScope(state), cancellationToken);
        foreach (var environment in InScope(state))
        {
            try
            {
                problems.AddRange(await ApplyAsync(state, environment, cancellationToken));
            }
            catch (ProblemsException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        ProblemsException.ThrowIfAny(problems.Distinct());
    }

    public IReadOnlyList<EnvironmentState> InScope(BuildState state) => Scope switch
    {
        EnvironmentScope.Target => [state.Target],
        EnvironmentScope.Others => state.Environments.Where(e => e.Name != state.Settings.EnvironmentName).ToList(),
        _ => state.Environments,
    };
}
