using ProjectScout.Build.Hosting;

namespace ProjectScout.Build.Tasks.Package;

/// <summary>The steps of <see cref="Toolkit.Steps.BuildSteps.Package"/>, in order: Validate's, the access proof, then the other environments, the documents and the release.</summary>
[TaskName(nameof(Package))]
[TaskDescription("The default target: compile, render, validate and document every environment, then bundle the release.")]
[IsDependentOn(typeof(Validate.Validate))]
[IsDependentOn(typeof(Quality.TestAccess))]
[IsDependentOn(typeof(Release.CompileEnvironments))]
[IsDependentOn(typeof(Docs.Docs))]
[IsDependentOn(typeof(Release.Bundle))]
public sealed class Package : AsyncBuildTask<BuildContext>;
