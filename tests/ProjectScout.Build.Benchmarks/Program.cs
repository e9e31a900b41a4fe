using System.Reflection;
using ProjectScout.Build.Benchmarks;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Layout;

// Each benchmark is a class implementing IBenchmark; it prints its figures and the ratios against its target.
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var requested = args.Length == 0 ? "all" : args[0];
var selected = requested == "all" ? benchmarks : benchmarks.Where(b => b.Name == requested).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"Unknown benchmark '{requested}'. Valid values: all, {string.Join(", ", benchmarks.Select(b => b.Name))}.");
    return 1;
}

var root = ToolkitLayout.FindRoot(Directory.GetCurrentDirectory());
var failed = 0;
foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    var met = await benchmark.RunAsync(root, args.Skip(1).ToArray());
    Console.WriteLine(met ? "   target met" : "   TARGET MISSED");
    failed += met ? 0 : 1;
}

return failed == 0 ? 0 : 2;
