namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// One job of a run, applied to the run's <see cref="BuildState"/>. <see cref="Reads"/> and <see cref="Updates"/> say
/// what it takes from the state (or the repository) and what it leaves there, so a step list reads as a data flow.
/// Problems are thrown once, together, as a <see cref="Model.Diagnostics.ProblemsException"/>.
/// </summary>
public interface IStep
{
    string Name { get; }

    string Reads { get; }

    string Updates { get; }

    Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default);
}

/// <summary>Where a step run "per environment" applies.</summary>
public enum EnvironmentScope
{
    /// <summary>The environment the run targets (--environment).</summary>
    Target,

    /// <summary>Every environment but the target (the release covers them all).</summary>
    Others,

    /// <summary>Every environment.</summary>
    All,
}

/// <summary>The run's log, as the host provides it (the Cake log in the build, a list in tests).</summary>
public interface IRunLog
{
    void Information(string line);

    void Verbose(string line);

    void Warning(string line);

    void Error(string line);
}
