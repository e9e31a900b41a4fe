using Cake.Core;

namespace ProjectScout.Build.Hosting;

/// <summary>What the host calls; tasks derive from <see cref="BuildTask{TContext}"/> or <see cref="AsyncBuildTask{TContext}"/>.</summary>
public interface IBuildTask
{
    Type ContextType { get; }
    string SkippedMessage { get; }
    Task RunAsync(ICakeContext context);
    bool ShouldRun(ICakeContext context);
    void OnError(Exception exception, ICakeContext context);
    void Finally(ICakeContext context);
}

/// <summary>A Frosting-shaped asynchronous task. Override only what the task needs; aggregates override nothing.</summary>
public abstract class AsyncBuildTask<TContext> : IBuildTask
    where TContext : ICakeContext
{
    public Type ContextType => typeof(TContext);

    public virtual Task RunAsync(TContext context) => Task.CompletedTask;

    /// <summary>Evaluated just before the task would run; when false the task is skipped with <see cref="SkippedMessage"/>.</summary>
    public virtual bool ShouldRun(TContext context) => true;

    public virtual string SkippedMessage => string.Empty;

    /// <summary>Handling an error swallows it unless the override rethrows, as in Cake.</summary>
    public virtual void OnError(Exception exception, TContext context) => throw exception;

    public virtual void Finally(TContext context)
    {
    }

    Task IBuildTask.RunAsync(ICakeContext context) => RunAsync((TContext)context);

    bool IBuildTask.ShouldRun(ICakeContext context) => ShouldRun((TContext)context);

    void IBuildTask.OnError(Exception exception, ICakeContext context) => OnError(exception, (TContext)context);

    void IBuildTask.Finally(ICakeContext context) => Finally((TContext)context);
}

/// <summary>A Frosting-shaped synchronous task.</summary>
public abstract class BuildTask<TContext> : AsyncBuildTask<TContext>
    where TContext : ICakeContext
{
    public virtual void Run(TContext context)
    {
    }

    public sealed override Task RunAsync(TContext context)
    {
        Run(context);
        return Task.CompletedTask;
    }
}
