using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Tests;

/// <summary>A run's log kept as lines, for steps run in-process.</summary>
public sealed class RunLogLines : IRunLog
{
    public List<string> Lines { get; } = [];

    public void Information(string line) => Lines.Add(line);

    public void Verbose(string line) => Lines.Add(line);

    public void Warning(string line) => Lines.Add("warning: " + line);

    public void Error(string line) => Lines.Add("error: " + line);
}
