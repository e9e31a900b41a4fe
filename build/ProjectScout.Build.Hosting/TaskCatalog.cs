using System.Reflection;
using Cake.Core;

namespace ProjectScout.Build.Hosting;

/// <summary>One discovered task: its name, description, edges and the instance that runs it.</summary>
public sealed record TaskEntry(string Name, string Description, Type Type, IBuildTask Instance, IReadOnlyList<string> Dependencies, IReadOnlyList<string> Dependees)
{
    public bool HasAction => Overrides(Type, "Run") || Overrides(Type, "RunAsync");
    public bool HasCriteria => Overrides(Type, "ShouldRun");
    public bool HasErrorHandler => Overrides(Type, "OnError");
    public bool HasFinally => Overrides(Type, "Finally");
    public bool ContinueOnError => Type.GetCustomAttribute<ContinueOnErrorAttribute>() is not null;

    /// <summary>
    /// A target users run (a public class) rather than plumbing (an internal class): --tree and --help list only the
    /// public ones, --tree --all every task. Plumbing still runs by name, as a dependency or with --target.
    /// </summary>
    public bool IsPublic => Type.IsPublic || Type.IsNestedPublic;

    private static bool Overrides(Type type, string method)
    {
        for (var current = type; current is not null && !IsHostBase(current); current = current.BaseType)
        {
            if (current.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly).Any(m => m.Name == method))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHostBase(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(BuildTask<>) || type.GetGenericTypeDefinition() == typeof(AsyncBuildTask<>));
}

/// <summary>
/// Finds task classes and checks the graph's declarations before any task runs: duplicate names, dependencies that
/// are not tasks and tasks written for another context type are errors, not warnings.
/// </summary>
public static class TaskCatalog
{
    public static IReadOnlyList<TaskEntry> Discover(IEnumerable<Type> candidates, Type contextType)
    {
        var types = candidates
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBuildTask).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

        var problems = new List<string>();
        var entries = new List<TaskEntry>();
        foreach (var type in types)
        {
            var instance = (IBuildTask)Activator.CreateInstance(type)!;
            if (!instance.ContextType.IsAssignableFrom(contextType))
            {
                problems.Add($"Task {type.Name} is written for {instance.ContextType.Name}, but the host runs {contextType.Name}.");
            }

            var dependencies = Edges<IsDependentOnAttribute>(type, a => a.Task, problems);
            var dependees = Edges<IsDependeeOfAttribute>(type, a => a.Task, problems);
            entries.Add(new TaskEntry(NameOf(type), type.GetCustomAttribute<TaskDescriptionAttribute>()?.Description ?? "", type, instance, dependencies, dependees));
        }

        foreach (var duplicate in entries.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Task name '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(e => e.Type.Name))}.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The task graph is invalid:\n  " + string.Join("\n  ", problems));
        }

        return entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public static string NameOf(Type type) => type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name;

    private static List<string> Edges<TAttribute>(Type type, Func<TAttribute, Type> target, List<string> problems)
        where TAttribute : Attribute
    {
        var edges = new List<string>();
        foreach (var attribute in type.GetCustomAttributes<TAttribute>())
        {
            var other = target(attribute);
            if (!typeof(IBuildTask).IsAssignableFrom(other) || other.IsAbstract)
            {
                problems.Add($"Task {NameOf(type)} names {other.Name} as a dependency, but {other.Name} is not a task.");
                continue;
            }

            edges.Add(NameOf(other));
        }

        return edges;
    }

    /// <summary>Registers every task on the real Cake engine, mapping members exactly as Cake.Frosting does.</summary>
    public static void Register(ICakeEngine engine, IEnumerable<TaskEntry> entries)
    {
        foreach (var entry in entries)
        {
            var builder = engine.RegisterTask(entry.Name);
            if (entry.Description.Length > 0)
            {
                builder.Description(entry.Description);
            }

            var task = entry.Instance;
            if (entry.HasAction)
            {
                builder.Does(task.RunAsync);
            }

            if (entry.HasCriteria)
            {
                builder.WithCriteria(task.ShouldRun, task.SkippedMessage);
            }

            if (entry.HasErrorHandler)
            {
                builder.OnError((exception, context) => task.OnError(exception, context));
            }
            else if (entry.ContinueOnError)
            {
                builder.ContinueOnError();
            }

            if (entry.HasFinally)
            {
                builder.Finally(task.Finally);
            }

            foreach (var dependency in entry.Dependencies)
            {
                builder.IsDependentOn(dependency);
            }

            foreach (var dependee in entry.Dependees)
            {
                builder.IsDependeeOf(dependee);
            }
        }
    }
}
