namespace ProjectScout.Build.Hosting;

// Named like Cake.Frosting's attributes so task files read the same; the host maps them onto the real CakeEngine.

[AttributeUsage(AttributeTargets.Class)]
public sealed class TaskNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class TaskDescriptionAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependentOnAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependeeOfAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}

/// <summary>The task's failure is logged and the run goes on.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ContinueOnErrorAttribute : Attribute;
