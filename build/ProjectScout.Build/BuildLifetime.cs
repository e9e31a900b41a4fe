using Cake.Common.Diagnostics;
using Cake.Core;
using ProjectScout.Build.Hosting;

namespace ProjectScout.Build;

/// <summary>Loads and validates the selected environment before any task runs, and says what the run is about.</summary>
public sealed class BuildLifetime : IBuildLifetime
{
    public void Setup(ICakeContext context, ISetupContext info)
    {
        var build = (BuildContext)context;
        // Clean needs no environment: it must work even when an environment file is broken.
        if (info.TasksToExecute.All(t => t.Name == nameof(Tasks.Clean)))
        {
            return;
        }

        build.LoadEnvironment();
        var env = build.TargetEnvironment;
        build.Information("Environment:    {0} ({1}, {2})", env.Name, env.DisplayName, env.Kind.ToString().ToLowerInvariant());
        build.Information("Resource group: {0} in {1}", env.Azure.ResourceGroup, env.Azure.Location);
        build.Information("Artifacts:      {0}", build.Layout.Display(build.Artifacts.Root));
    }

    public void Teardown(ICakeContext context, ITeardownContext info)
    {
        // The one place that sees every failure, whichever task raised it: annotate the pipeline run and write SARIF.
        if (!info.Successful && info.ThrownException is { } exception)
        {
            ((BuildContext)context).AnnotateFailure(exception, "build");
        }
    }
}
