using Cake.Common.Diagnostics;
using Cake.Core;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Build;

/// <summary>Loads every environment once before any task runs and says what the run is about; annotates a failed run.</summary>
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

        build.State.LoadEnvironments();
        var env = build.State.TargetEnvironment;
        if (build.Settings.EnvironmentIsDefault)
        {
            Toolkit.Environments.DefaultEnvironment.RequireSandbox(env, build.Layout.Display(new Toolkit.Environments.EnvironmentCatalog(build.Layout.Environments).PathOf(env.Name)));
        }

        build.Information("Environment:    {0} ({1}, {2})", env.Name, env.DisplayName, env.Kind.ToString().ToLowerInvariant());
        build.Information("Resource group: {0} in {1}", env.Azure.ResourceGroup, env.Azure.Location);
        build.Information("Artifacts:      {0}", build.Layout.Display(build.State.Target.Artifacts.Root));
        // Optional tools this run would use, named up front with how to install them; the run goes on without them.
        var mermaidCached = ProjectScout.Toolkit.Docs.MermaidScript.IsCached(build.Layout.UserCache);
        foreach (var missing in Prerequisites.MissingFor(info.TasksToExecute.Select(t => t.Name), mermaidCached))
        {
            build.Warning("{0}", missing.MissingLine);
        }
    }

    /// <summary>
    /// The one place that sees every failure, whichever task raised it: on Azure Pipelines (TF_BUILD=True) one
    /// <c>##vso[task.logissue]</c> line per problem, so the run and the pull request are annotated at the file and line;
    /// and always a SARIF log under artifacts/reports/sarif/build.sarif for the Scans tab.
    /// </summary>
    public void Teardown(ICakeContext context, ITeardownContext info)
    {
        var build = (BuildContext)context;
        if (info.Successful && build.Settings.JsonOutput && build.State.Plans.Count > 0)
        {
            // --output=json: the run's plans are all stdout carries (the log went to stderr).
            Console.Out.Write(PlanDocument.ToJson(build.Settings.EnvironmentName, build.State.Plans));
        }

        if (info.Successful || info.ThrownException is not { } exception)
        {
            return;
        }

        var problems = AzurePipelinesAnnotations.ProblemsOf(exception);
        if (problems.Count > 0)
        {
            AzurePipelinesAnnotations.Emit(problems, build.Settings.JsonOutput ? Console.Error : Console.Out);
            SarifLog.Write(Path.Combine(((BuildContext)context).Layout.Reports, "sarif", "build.sarif"), problems);
        }
    }
}
