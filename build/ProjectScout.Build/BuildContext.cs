using Cake.Core;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Build;

/// <summary>
/// The typed context every task receives: settings read once from the command line and cake.config, the layout of
/// paths, and the toolkit services tasks call. Tasks stay thin; the services hold the logic.
/// </summary>
public sealed partial class BuildContext : CakeContextAdapter, IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private EnvironmentDefinition? _environment;

    public BuildContext(ICakeContext context)
        : base(context)
    {
        Layout = ReadLayout(context);
        Environments = new EnvironmentCatalog(Layout.Environments, Layout.Display, () => Lakehouse.ClusterProfiles.Select(p => p.Key).ToList());
        var defaultEnvironment = context.Configuration.GetValue("Defaults_Environment") ?? ToolkitLayout.DefaultEnvironment;
        Settings = RunSettings.Read(
            name => context.Arguments.HasArgument(name) ? context.Arguments.GetArguments(name).LastOrDefault() : null,
            defaultEnvironment,
            Environments.Names);
    }

    public ToolkitLayout Layout { get; }

    public RunSettings Settings { get; }

    public EnvironmentCatalog Environments { get; }

    /// <summary>The selected environment, loaded and validated in Setup before any task runs.</summary>
    public EnvironmentDefinition TargetEnvironment =>
        _environment ?? throw new InvalidOperationException("The environment is loaded in Setup; no task runs before it.");

    public EnvironmentArtifacts Artifacts => Layout.For(Settings.EnvironmentName);

    internal void LoadEnvironment() => _environment = Environments.Load(Settings.EnvironmentName);

    /// <summary>Stops what the run started (the Bicep process, the sandbox), last started first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
    }

    /// <summary>Registers a resource the context owns for the rest of the run; the host disposes the context at the end.</summary>
    internal T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

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
}
