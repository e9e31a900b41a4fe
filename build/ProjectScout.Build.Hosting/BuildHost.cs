using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace ProjectScout.Build.Hosting;

/// <summary>Setup and teardown around the whole run, as Frosting's lifetime.</summary>
public interface IBuildLifetime
{
    void Setup(ICakeContext context, ISetupContext info);

    void Teardown(ICakeContext context, ITeardownContext info);
}

/// <summary>What a caller (Program, or a test) can change about a run.</summary>
public sealed record HostOptions
{
    public required Type ContextType { get; init; }

    /// <summary>Creates the typed context over Cake's; may throw a user error (see <see cref="IsUserError"/>) for bad arguments.</summary>
    public required Func<ICakeContext, ICakeContext> CreateContext { get; init; }

    /// <summary>
    /// Failures whose message is the whole story (bad input): logged as one line without a stack trace. Anything else
    /// is a defect and its trace is shown at diagnostic verbosity. The host knows no exception types of its own callers.
    /// </summary>
    public Func<Exception, bool> IsUserError { get; init; } = _ => false;

    public IBuildLifetime? Lifetime { get; init; }
    /// <summary>The task classes of the build; non-task types are ignored, so an assembly's whole type list may be passed.</summary>
    public IReadOnlyList<Type> TaskTypes { get; init; } = [];

    /// <summary>Where output goes; the real console by default.</summary>
    public IConsole? Console { get; init; }

    /// <summary>The repository root; cake.config is read from here.</summary>
    public string? Root { get; init; }

    /// <summary>The build's own arguments, for --help and for refusing unknown ones; null lets every argument through.</summary>
    public IReadOnlyList<ArgumentSpec>? Arguments { get; init; }

    /// <summary>What --version prints besides Cake's own version: (component, version), in order.</summary>
    public IReadOnlyList<(string Component, string Version)> Versions { get; init; } = [];
}

/// <summary>
/// Runs the real Cake 7 engine the way Cake.Frosting would: tasks discovered from classes, Cake's own log, execution
/// strategy and report printer, the summary table on success and on failure, exit code 0 or 1.
/// </summary>
public static class BuildHost
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, HostOptions options)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var console = new RedirectableConsole(options.Console ?? ConsoleColouring.Choose(new CakeConsole(environment)));
        var log = new CakeBuildLog(console);

        CommandLine commandLine;
        IReadOnlyList<TaskEntry> tasks;
        try
        {
            commandLine = CommandLine.Parse(args, options.Arguments);
            log.Verbosity = commandLine.Verbosity;
            tasks = TaskCatalog.Discover(options.TaskTypes, options.ContextType);
        }
        catch (Exception ex) when (ex is CommandLineException or InvalidOperationException)
        {
            log.Error(ex.Message);
            return 1;
        }

        if (commandLine.Help)
        {
            HelpPrinter.PrintHelp(console, tasks, options.Arguments ?? []);
            return 0;
        }

        if (commandLine.Version)
        {
            var cake = typeof(ICakeContext).Assembly.GetName().Version!;
            foreach (var (component, version) in options.Versions.Append(("Cake", $"{cake.Major}.{cake.Minor}.{cake.Build}")))
            {
                console.WriteLine("{0} {1}", component, version);
            }

            return 0;
        }

        if (commandLine.Tree)
        {
            HelpPrinter.PrintTree(console, tasks, commandLine.All);
            return 0;
        }

        var unknown = commandLine.EffectiveTargets.FirstOrDefault(t => !tasks.Any(e => string.Equals(e.Name, t, StringComparison.OrdinalIgnoreCase)));
        if (unknown is not null)
        {
            log.Error($"Unknown target '{unknown}' (argument --target). Valid targets: {string.Join(", ", tasks.Where(t => t.IsPublic).Select(t => t.Name))}.");
            return 1;
        }

        var root = options.Root ?? Directory.GetCurrentDirectory();
        environment.WorkingDirectory = new DirectoryPath(root);
        var fileSystem = new FileSystem();
        var targets = commandLine.EffectiveTargets.Select(t => tasks.First(e => string.Equals(e.Name, t, StringComparison.OrdinalIgnoreCase)).Name).ToList();
        var argumentPairs = commandLine.Arguments.SelectMany(g => g.Select(v => new KeyValuePair<string, string>(g.Key, v)))
            .Append(new("target", targets[0]))
            .ToList();
        var arguments = new CakeArguments(argumentPairs.ToLookup(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));
        var configuration = new CakeConfigurationProvider(fileSystem, environment)
            .CreateConfiguration(new DirectoryPath(root), argumentPairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));

        // One data service for the context and the engine, so data a Setup returns reaches the tasks.
        var dataService = new CakeDataService();
        var context = CreateCakeContext(fileSystem, environment, log, arguments, configuration, dataService);
        ICakeContext typedContext;
        try
        {
            typedContext = options.CreateContext(context);
        }
        catch (Exception ex) when (options.IsUserError(ex))
        {
            log.Error(ex.Message);
            return 1;
        }

        console.ToStandardError = typedContext is IRunContract { OwnsStandardOutput: true };
        try
        {
            return await RunEngineAsync(typedContext, dataService, log, console, tasks, targets, commandLine, options);
        }
        finally
        {
            switch (typedContext)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static async Task<int> RunEngineAsync(ICakeContext context, CakeDataService dataService, ICakeLog log, IConsole console, IReadOnlyList<TaskEntry> tasks,
        IReadOnlyList<string> targets, CommandLine commandLine, HostOptions options)
    {
        var lifetime = options.Lifetime;
        var engine = new CakeEngine(dataService, log);
        TaskCatalog.Register(engine, tasks);
        if (lifetime is not null)
        {
            engine.RegisterSetupAction(info => lifetime.Setup(context, info));
            engine.RegisterTeardownAction(info => lifetime.Teardown(context, info));
        }

        var printer = new CakeReportPrinter(console, context);
        var strategy = new DefaultExecutionStrategy(log, printer);
        var settings = new ExecutionSettings().SetTargets(targets);
        if (commandLine.Exclusive)
        {
            settings.UseExclusiveTarget();
        }

        try
        {
            var report = await engine.RunTargetAsync(context, strategy, settings);
            printer.Write(report);
            return context is IRunContract contract ? contract.SuccessExitCode : 0;
        }
        catch (CakeReportException ex)
        {
            if (!ex.Report.IsEmpty)
            {
                printer.Write(ex.Report);
            }

            return LogFailure(log, ex.InnerException ?? ex, options.IsUserError);
        }
        catch (Exception ex)
        {
            return LogFailure(log, ex, options.IsUserError);
        }
    }

    private static int LogFailure(ICakeLog log, Exception exception, Func<Exception, bool> isUserError)
    {
        // User errors carry the whole story in their message; anything else is a defect, so show its trace at diagnostic.
        var flattened = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.First() : exception;
        log.Error(flattened.Message);
        if (!isUserError(flattened))
        {
            log.Write(Verbosity.Diagnostic, LogLevel.Error, flattened.ToString().Replace("{", "{{").Replace("}", "}}"));
        }

        return 1;
    }

    private static CakeContext CreateCakeContext(IFileSystem fileSystem, ICakeEnvironment environment, ICakeLog log, ICakeArguments arguments, ICakeConfiguration configuration,
        CakeDataService dataService)
    {
        var globber = new Globber(fileSystem, environment);
        var toolRepository = new ToolRepository(environment);
        var resolution = new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log);
        var toolLocator = new ToolLocator(environment, toolRepository, resolution);
        var processRunner = new ProcessRunner(fileSystem, environment, log, toolLocator, configuration);
        var toolInstaller = new ToolInstaller(environment, toolLocator, configuration, log, []);
        return new CakeContext(fileSystem, environment, globber, log, arguments, processRunner, new WindowsRegistry(), toolLocator,
            dataService, configuration, toolInstaller, new EmptyServiceProvider());
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
