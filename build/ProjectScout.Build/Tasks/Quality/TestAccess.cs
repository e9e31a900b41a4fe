using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Quality;

[TaskName(nameof(TestAccess))]
[TaskDescription("Compile the generated column masks and row filters to DuckDB, read the seeded sample data through them as every role's principal, compare them with the declarations, and prove planted mistakes are caught.")]
public sealed class TestAccess : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.TestAccess);
}
