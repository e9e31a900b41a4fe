using Cake.Core;
using ProjectScout.Build.Hosting;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Build.Hosting.Tests;

/// <summary>The host over the real Cake engine, in the style of Cake's own CakeHostTests.</summary>
public sealed class BuildHostTests
{
    private static readonly Type[] GraphTasks =
    [
        typeof(FirstTask), typeof(EarlyTask), typeof(MiddleTask), typeof(GatedTask), typeof(TargetTask), typeof(FailingTask),
        typeof(AfterFailingTask), typeof(HandledTask), typeof(ContinuesTask), typeof(AfterContinuesTask), typeof(PlumbingTask),
    ];

    private RecordingConsole _console = null!;
    private RecordingContext? _context;

    [SetUp]
    public void SetUp()
    {
        _console = new RecordingConsole();
        _context = null;
    }

    private Task<int> Run(params string[] args) => Run(GraphTasks, args);

    private static readonly ArgumentSpec[] Declared = [new("what-if", "Stop after the plan."), new("quality-rows", "Rows per table.", "<rows>")];

    private Task<int> RunDeclared(params string[] args) =>
        BuildHost.RunAsync(args, new HostOptions
        {
            ContextType = typeof(RecordingContext),
            CreateContext = cake => _context = new RecordingContext(cake),
            TaskTypes = GraphTasks,
            Console = _console,
            Root = Repository.Root,
            Arguments = Declared,
            Versions = [("Fixture", "1.2.3")],
        });

    private Task<int> Run(IReadOnlyList<Type> tasks, params string[] args) =>
        BuildHost.RunAsync(args, new HostOptions
        {
            ContextType = typeof(RecordingContext),
            CreateContext = cake => _context = new RecordingContext(cake),
            TaskTypes = tasks,
            Console = _console,
            Root = Repository.Root,
            IsUserError = ex => ex is ToolkitException,
        });

    [Test]
    public async Task Runs_dependencies_first_including_dependees_and_prints_the_summary()
    {
        var exit = await Run("--target=Target");

        Assert.That(exit, Is.EqualTo(0), _console.All);
        var executed = _context!.Executed;
        Assert.That(executed, Is.EquivalentTo(new[] { "First", "Early", "Middle", "Target" }), "Gated is skipped, nothing else runs");
        Assert.That(executed.IndexOf("First"), Is.LessThan(executed.IndexOf("Middle")), "a dependency runs first");
        Assert.That(executed.IndexOf("Early"), Is.LessThan(executed.IndexOf("Middle")), "a dependee runs before the task it names");
        Assert.That(executed[^1], Is.EqualTo("Target"));
        Assert.That(_console.Out, Does.Contain("Task").And.Contain("Duration").And.Contain("Status"));
        Assert.That(_console.Out, Does.Match(@"Middle\s+\d\d:\d\d:\d\d\.\d+\s+Succeeded"));
    }

    [Test]
    public async Task A_false_criteria_skips_the_task_without_failing_the_run()
    {
        var exit = await Run("--target=Target", "--verbosity=verbose");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(_context!.Executed, Does.Not.Contain("Gated"));
        Assert.That(_console.All, Does.Contain("gate is closed in tests"));
    }

    [Test]
    public async Task A_failing_task_exits_1_prints_the_summary_and_one_error_line_without_a_stack_trace()
    {
        var exit = await Run("--target=AfterFailing");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_context!.Executed, Is.EqualTo(new[] { "First" }), "nothing after the failure runs");
        Assert.That(_console.Out, Does.Match(@"Failing\s+\d\d:\d\d:\d\d\.\d+\s+Failed"), "the summary table is printed on failure");
        Assert.That(_console.Error, Does.Contain("templates/infra/phase1.bicep(3,1) broke: fix it"));
        Assert.That(_console.All, Does.Not.Contain("   at "), "no stack trace for a user-facing error");
    }

    [Test]
    public async Task OnError_swallows_Finally_always_runs_and_ContinueOnError_goes_on()
    {
        var exit = await Run("--target=AfterContinues");

        Assert.That(exit, Is.EqualTo(0), _console.All);
        Assert.That(_context!.Executed, Is.EqualTo(new[] { "Handled.OnError", "Handled.Finally", "AfterContinues" }));
    }

    [Test]
    public async Task Exclusive_runs_only_the_target()
    {
        var exit = await Run("--target=Middle", "--exclusive");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(_context!.Executed, Is.EqualTo(new[] { "Middle" }));
    }

    [Test]
    public async Task An_unknown_target_gives_one_line_listing_the_valid_targets()
    {
        var exit = await Run("--target=Nope");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_context, Is.Null, "nothing runs");
        var lines = _console.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Contain("Unknown target 'Nope'").And.Contain("AfterContinues, AfterFailing, Continues, Early"));
        Assert.That(lines[0], Does.Not.Contain("Plumbing"), "the valid targets are the public ones");
    }

    [Test]
    public async Task An_unknown_verbosity_gives_one_line_listing_the_valid_values()
    {
        var exit = await Run("--target=First", "--verbosity=loud");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_console.Error.Trim(), Is.EqualTo("Unknown verbosity 'loud' (argument --verbosity). Valid values: quiet, minimal, normal, verbose, diagnostic."));
    }

    [Test]
    public async Task Tree_lists_the_public_targets_with_description_and_dependencies_in_declared_order()
    {
        var exit = await Run("--tree");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(_context, Is.Null, "--tree runs no task");
        foreach (var task in GraphTasks.Where(t => t.IsPublic))
        {
            Assert.That(_console.Out, Does.Contain(TaskCatalog.NameOf(task)));
        }

        Assert.That(_console.Out, Does.Not.Contain("Plumbing"), "an internal task is not a target");
        Assert.That(_console.Out, Does.Match(@"Middle\s+Depends on First\.\n\s+depends on: First, Early"));
        Assert.That(_console.Out, Does.Match(@"Target\s+The aggregate users run\.\n\s+depends on: Middle, Gated"), "an aggregate lists its members in the order it declares them");
    }

    [Test]
    public async Task Tree_all_lists_the_internal_tasks_too_marked_as_such()
    {
        var exit = await Run("--tree", "--all");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(_console.Out, Does.Match(@"Plumbing \(internal\)\s+Internal work no user runs by name\."));
        Assert.That(_console.Out, Does.Match(@"\nTarget\s+The aggregate users run\."), "public targets are not marked");
    }

    [Test]
    public async Task An_internal_task_still_runs_by_name_and_help_lists_only_targets()
    {
        Assert.That(await Run("--target=Plumbing"), Is.EqualTo(0), _console.All);
        Assert.That(_context!.Executed, Is.EqualTo(new[] { "First", "Plumbing" }));

        _console = new RecordingConsole();
        Assert.That(await Run("--help"), Is.EqualTo(0));
        Assert.That(_console.Out, Does.Contain("  Target").And.Not.Contain("Plumbing"));
    }

    [Test]
    public async Task Unknown_arguments_reach_the_context_and_bare_flags_read_as_true()
    {
        var exit = await Run("--target=First", "--configuration=Debug", "--push", "--region", "eastus2");

        Assert.That(exit, Is.EqualTo(0));
        var arguments = _context!.Arguments;
        Assert.That(arguments.GetArguments("configuration"), Is.EqualTo(new[] { "Debug" }));
        Assert.That(arguments.GetArguments("push"), Is.EqualTo(new[] { "true" }));
        Assert.That(arguments.GetArguments("region"), Is.EqualTo(new[] { "eastus2" }));
    }

    [TestCase("--whatif", "what-if")]
    [TestCase("-WhatIff", "what-if")]
    [TestCase("--quality-rowz=5", "quality-rows")]
    [TestCase("--exclusiv", "exclusive")]
    public async Task An_undeclared_argument_fails_before_anything_runs_naming_the_closest(string argument, string closest)
    {
        var exit = await RunDeclared("--target=First", argument);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_context, Is.Null, "nothing runs");
        var lines = _console.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.StartWith($"Unknown argument '{argument.Split('=')[0]}': did you mean --{closest}?"));
    }

    [Test]
    public async Task PowerShell_spellings_with_one_dash_map_to_the_declared_arguments()
    {
        // What build.ps1 passes through unchanged: -WhatIf, -Target X, -Environment:value, -QualityRows 9, against the
        // toolkit's real declared arguments (as Program.cs hands them over).
        var exit = await BuildHost.RunAsync(["-WhatIf", "-Target", "Middle", "-QualityRows", "9", "-Environment:dev"], new HostOptions
        {
            ContextType = typeof(RecordingContext),
            CreateContext = cake => _context = new RecordingContext(cake),
            TaskTypes = GraphTasks,
            Console = _console,
            Root = Repository.Root,
            Arguments = ProjectScout.Toolkit.Configuration.ArgumentNames.All.Select(a => new ArgumentSpec(a.Name, a.Description, a.Value)).ToList(),
        });

        Assert.That(exit, Is.EqualTo(0), _console.All);
        Assert.That(_context!.Executed[^1], Is.EqualTo("Middle"));
        Assert.That(_context.Arguments.GetArguments("what-if"), Is.EqualTo(new[] { "true" }));
        Assert.That(_context.Arguments.GetArguments("quality-rows"), Is.EqualTo(new[] { "9" }));
        Assert.That(_context.Arguments.GetArguments("environment"), Is.EqualTo(new[] { "dev" }));
    }

    [Test]
    public async Task Two_dashes_must_name_an_argument_exactly()
    {
        var exit = await RunDeclared("--target=First", "--WhatIf");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_console.Error, Does.StartWith("Unknown argument '--WhatIf': did you mean --what-if?"));
    }

    [Test]
    public async Task Declared_arguments_pass_a_declared_flag_keeps_the_next_word_as_a_target_and_cake_config_keys_pass()
    {
        var exit = await RunDeclared("--what-if", "Middle", "--quality-rows", "9", "--Paths_Artifacts=out");

        Assert.That(exit, Is.EqualTo(0), _console.All);
        Assert.That(_context!.Executed[^1], Is.EqualTo("Middle"), "a bare word after a declared flag is the target");
        Assert.That(_context.Arguments.GetArguments("what-if"), Is.EqualTo(new[] { "true" }));
        Assert.That(_context.Arguments.GetArguments("quality-rows"), Is.EqualTo(new[] { "9" }));
        Assert.That(_context.Arguments.GetArguments("Paths_Artifacts"), Is.EqualTo(new[] { "out" }));
    }

    [Test]
    public async Task Version_prints_the_declared_components_and_Cake_and_help_the_declared_arguments()
    {
        Assert.That(await RunDeclared("--version"), Is.EqualTo(0));
        Assert.That(_context, Is.Null);
        Assert.That(_console.Out, Does.Match(@"^Fixture 1\.2\.3\nCake 7\.\d+\.\d+\n$"));

        _console = new RecordingConsole();
        Assert.That(await RunDeclared("--help"), Is.EqualTo(0));
        Assert.That(_console.Out, Does.Match(@"--quality-rows=<rows>\s+Rows per table\.").And.Match(@"--what-if\s+Stop after the plan\.").And.Contain("--target=<task>"));
    }

    [Test]
    public async Task A_dependency_on_a_type_that_is_not_a_task_is_rejected_before_anything_runs()
    {
        var exit = await Run([typeof(FirstTask), typeof(BrokenEdgeTask)], "--target=First");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(_context, Is.Null);
        Assert.That(_console.Error, Does.Contain("BrokenEdge names String as a dependency, but String is not a task"));
    }

    [TaskName("BrokenEdge")]
    [IsDependentOn(typeof(string))]
    public sealed class BrokenEdgeTask : BuildTask<RecordingContext>;
}
