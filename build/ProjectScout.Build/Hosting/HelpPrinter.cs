using Cake.Core;

namespace ProjectScout.Build.Hosting;

/// <summary>Prints <c>--help</c> and <c>--tree</c>: every task with its description and the tasks it depends on.</summary>
public static class HelpPrinter
{
    public static void PrintTree(IConsole console, IReadOnlyList<TaskEntry> tasks)
    {
        var width = tasks.Max(t => t.Name.Length) + 2;
        console.WriteLine("Tasks (run one with --target=<name>; the default is {0}):", CommandLine.DefaultTarget);
        foreach (var task in tasks)
        {
            console.WriteLine("");
            console.WriteLine("{0}{1}", task.Name.PadRight(width), task.Description);
            var dependencies = DependenciesOf(task, tasks);
            console.WriteLine("{0}depends on: {1}", new string(' ', width), dependencies.Count == 0 ? "(nothing)" : string.Join(", ", dependencies));
        }
    }

    public static void PrintHelp(IConsole console, IReadOnlyList<TaskEntry> tasks)
    {
        console.WriteLine("Usage: ./build.sh [--target=<task>] [--environment=<env>] [--verbosity=<level>] [--exclusive] [--tree] [--<name>=<value> ...]");
        console.WriteLine("");
        var width = tasks.Max(t => t.Name.Length) + 2;
        foreach (var task in tasks)
        {
            console.WriteLine("  {0}{1}", task.Name.PadRight(width), task.Description);
        }

        console.WriteLine("");
        console.WriteLine("See README.md for arguments, environments and credentials.");
    }

    /// <summary>Direct dependencies, including dependee edges declared on other tasks, in name order.</summary>
    public static IReadOnlyList<string> DependenciesOf(TaskEntry task, IReadOnlyList<TaskEntry> tasks) =>
        task.Dependencies
            .Concat(tasks.Where(t => t.Dependees.Contains(task.Name, StringComparer.OrdinalIgnoreCase)).Select(t => t.Name))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
}
