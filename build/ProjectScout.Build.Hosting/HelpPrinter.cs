using Cake.Core;

namespace ProjectScout.Build.Hosting;

/// <summary>Prints <c>--help</c> and <c>--tree</c>: each target (every task with --all) with its description and the tasks it depends on.</summary>
public static class HelpPrinter
{
    public static void PrintTree(IConsole console, IReadOnlyList<TaskEntry> tasks, bool all = false)
    {
        var shown = tasks.Where(t => all || t.IsPublic).ToList();
        var width = shown.Max(t => NameOf(t, all).Length) + 2;
        console.WriteLine(all
            ? "Targets and internal tasks (run one with --target=<name>; the default is {0}):"
            : "Targets (run one with --target=<name>; the default is {0}; --tree --all lists the internal tasks too):", CommandLine.DefaultTarget);
        foreach (var task in shown)
        {
            console.WriteLine("");
            console.WriteLine("{0}{1}", NameOf(task, all).PadRight(width), task.Description);
            var dependencies = DependenciesOf(task, tasks);
            console.WriteLine("{0}depends on: {1}", new string(' ', width), dependencies.Count == 0 ? "(nothing)" : string.Join(", ", dependencies));
        }
    }

    public static void PrintHelp(IConsole console, IReadOnlyList<TaskEntry> tasks, IReadOnlyList<ArgumentSpec> arguments)
    {
        console.WriteLine("Usage: ./build.sh [--target=<task>] [--<argument>[=<value>] ...]");
        console.WriteLine("");
        console.WriteLine("Targets:");
        var targets = tasks.Where(t => t.IsPublic).ToList();
        var width = targets.Max(t => t.Name.Length) + 2;
        foreach (var task in targets)
        {
            console.WriteLine("  {0}{1}", task.Name.PadRight(width), task.Description);
        }

        console.WriteLine("");
        console.WriteLine("Arguments:");
        var all = ArgumentSpec.HostOptions.Concat(arguments).ToList();
        var usage = all.Max(a => a.Usage.Length) + 2;
        foreach (var argument in all)
        {
            console.WriteLine("  {0}{1}", argument.Usage.PadRight(usage), argument.Description);
        }

        console.WriteLine("");
        console.WriteLine("See README.md for environments and credentials.");
    }

    /// <summary>Direct dependencies in the order the task declares them, then dependee edges declared on other tasks (name order).</summary>
    public static IReadOnlyList<string> DependenciesOf(TaskEntry task, IReadOnlyList<TaskEntry> tasks) =>
        task.Dependencies
            .Concat(tasks.Where(t => t.Dependees.Contains(task.Name, StringComparer.OrdinalIgnoreCase)).Select(t => t.Name).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static string NameOf(TaskEntry task, bool all) => all && !task.IsPublic ? task.Name + " (internal)" : task.Name;
}
