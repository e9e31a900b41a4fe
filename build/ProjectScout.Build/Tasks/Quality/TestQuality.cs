using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Tasks.Quality;

[TaskName(nameof(TestQuality))]
[TaskDescription("Generate seeded sample data for every contract (--quality-rows, --quality-seed), run every rule on DuckDB, and prove each rule kind catches a planted violation.")]
public sealed class TestQuality : AsyncBuildTask<BuildContext>
{
    public override Task RunAsync(BuildContext context) => context.ApplyAsync(BuildSteps.TestQuality);
}
