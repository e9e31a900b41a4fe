using Cake.Core.Diagnostics;
using Cake.Core;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Layout;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build;

/// <summary>
/// The typed context every task receives, filled once when the run starts: the layout of paths, the settings read from
/// the command line and cake.config, the run's <see cref="BuildState"/> (what steps read and update), and the owner of
/// the run's resources (the Bicep process, the sandbox), stopped when the run ends.
/// </summary>
public sealed class BuildContext : CakeContextAdapter, IAsyncDisposable, IRunContract
{
    /// <summary>The exit code of a --what-if run whose plan has changes (Terraform's -detailed-exitcode); 0 without, 1 on error.</summary>
    public const int ChangesPlannedExitCode = 2;

    public BuildContext(ICakeContext context)
        : base(context)
    {
        Layout = ReadLayout(context);
        var defaultEnvironment = context.Configuration.GetValue("Defaults_Environment") ?? ToolkitLayout.DefaultEnvironment;
        Settings = RunSettings.Read(
            name => context.Arguments.HasArgument(name) ? context.Arguments.GetArguments(name).LastOrDefault() : null,
            defaultEnvironment,
            new EnvironmentCatalog(Layout.Environments).Names,
            name => context.Arguments.HasArgument(name) ? context.Arguments.GetArguments(name).ToList() : []);
        var log = new CakeRunLog(context.Log);
        Resources = new RunResources(Layout, Settings.LockTimeout, log.Information);
        State = new BuildState(Layout, Settings, log, () => Resources.Bicep.Client);
    }

    public ToolkitLayout Layout { get; }

    public RunSettings Settings { get; }

    public BuildState State { get; }

    public RunResources Resources { get; }

    public int SuccessExitCode => Settings.WhatIf && State.Plans.Any(p => p.HasChanges) ? ChangesPlannedExitCode : 0;

    /// <summary>--output=json: stdout carries the plan, every log line goes to stderr.</summary>
    public bool OwnsStandardOutput => Settings.JsonOutput;

    /// <summary>Runs one step (a task's one line) or a list of them over the run's state.</summary>
    public Task ApplyAsync(params IStep[] steps) => BuildSteps.ApplyAsync(State, steps);

    /// <summary>Stops what the run started (the sandbox, the Bicep process).</summary>
    public ValueTask DisposeAsync() => Resources.DisposeAsync();

    private static ToolkitLayout ReadLayout(ICakeContext context)
    {
        string Path(string key, string fallback) => context.Configuration.GetValue("Paths_" + key) ?? fallback;
        var root = ToolkitLayout.FindRoot(context.Environment.WorkingDirectory.FullPath);
        var defaults = new ToolkitLayout { Root = root };
        return defaults with
        {
            ArtifactsRelative = Path("Artifacts", defaults.ArtifactsRelative),
            EnvironmentsRelative = Path("Environments", defaults.EnvironmentsRelative),
            InfraRelative = Path("Infra", defaults.InfraRelative),
            ContractsRelative = Path("Contracts", defaults.ContractsRelative),
            JobsRelative = Path("Jobs", defaults.JobsRelative),
            NotebooksRelative = Path("Notebooks", defaults.NotebooksRelative),
            DocsRelative = Path("Docs", defaults.DocsRelative),
        };
    }

    /// <summary>The steps' log is Cake's: lines are written as given (a line's braces are not format items).</summary>
    private sealed class CakeRunLog(ICakeLog log) : IRunLog
    {
        public void Information(string line) => log.Information("{0}", line);

        public void Verbose(string line) => log.Verbose("{0}", line);

        public void Warning(string line) => log.Warning("{0}", line);

        public void Error(string line) => log.Error("{0}", line);
    }
}
