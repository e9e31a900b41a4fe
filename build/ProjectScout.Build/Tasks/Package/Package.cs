using ProjectScout.Build.Hosting;
using ProjectScout.Build.Tasks.Validate;

namespace ProjectScout.Build.Tasks.Package;

[TaskName(nameof(Package))]
[TaskDescription("The default target: compile, render, validate and document every environment, then bundle the release.")]
[IsDependentOn(typeof(Validate.Validate))]
public sealed class Package : BuildTask<BuildContext>;
