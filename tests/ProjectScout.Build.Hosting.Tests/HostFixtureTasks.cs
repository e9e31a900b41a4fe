using Cake.Core;
using ProjectScout.Build.Hosting;
using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Build.Hosting.Tests;

/// <summary>A context that records which task bodies ran, in order.</summary>
public sealed class RecordingContext(ICakeContext context) : CakeContextAdapter(context)
{
    public List<string> Executed { get; } = [];
}

// A small graph:  Target → Middle → First;  Early is a dependee of Middle;  Gated is skipped by its criteria;
// Failing throws;  Handled swallows its error;  Continues is marked ContinueOnError.

[TaskName("First")]
[TaskDescription("The first step.")]
public sealed class FirstTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Executed.Add("First");
}

[TaskName("Early")]
[TaskDescription("Runs before Middle because it declares itself a dependee of Middle.")]
[IsDependeeOf(typeof(MiddleTask))]
public sealed class EarlyTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Executed.Add("Early");
}

[TaskName("Middle")]
[TaskDescription("Depends on First.")]
[IsDependentOn(typeof(FirstTask))]
public sealed class MiddleTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Executed.Add("Middle");
}

[TaskName("Gated")]
[TaskDescription("Never runs: its criteria is false.")]
public sealed class GatedTask : BuildTask<RecordingContext>
{
    public override bool ShouldRun(RecordingContext context) => false;

    public override string SkippedMessage => "gate is closed in tests";

    public override void Run(RecordingContext context) => context.Executed.Add("Gated");
}

[TaskName("Target")]
[TaskDescription("The aggregate users run.")]
[IsDependentOn(typeof(MiddleTask))]
[IsDependentOn(typeof(GatedTask))]
public sealed class TargetTask : AsyncBuildTask<RecordingContext>
{
    public override async Task RunAsync(RecordingContext context)
    {
        await Task.Yield();
        context.Executed.Add("Target");
    }
}

[TaskName("Failing")]
[TaskDescription("Fails with a user-facing error.")]
[IsDependentOn(typeof(FirstTask))]
public sealed class FailingTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => throw new ToolkitException("templates/infra/phase1.bicep(3,1) broke: fix it");
}

[TaskName("AfterFailing")]
[TaskDescription("Depends on a failing task, so it never runs.")]
[IsDependentOn(typeof(FailingTask))]
public sealed class AfterFailingTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Executed.Add("AfterFailing");
}

[TaskName("Handled")]
[TaskDescription("Fails, but its OnError swallows the error.")]
public sealed class HandledTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => throw new InvalidOperationException("handled");

    public override void OnError(Exception exception, RecordingContext context) => context.Executed.Add("Handled.OnError");

    public override void Finally(RecordingContext context) => context.Executed.Add("Handled.Finally");
}

[TaskName("Continues")]
[TaskDescription("Fails and is marked ContinueOnError.")]
[ContinueOnError]
public sealed class ContinuesTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => throw new InvalidOperationException("ignored");
}

[TaskName("AfterContinues")]
[TaskDescription("Runs although its dependency failed, because that one continues on error.")]
[IsDependentOn(typeof(ContinuesTask))]
[IsDependentOn(typeof(HandledTask))]
public sealed class AfterContinuesTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Executed.Add("AfterContinues");
}

[TaskName("Plumbing")]
[TaskDescription("Internal work no user runs by name.")]
[IsDependentOn(typeof(FirstTask))]
internal sealed class PlumbingTask : BuildTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Executed.Add("Plumbing");
}
