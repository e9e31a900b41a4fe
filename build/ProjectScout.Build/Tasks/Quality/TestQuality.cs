using Cake.Common;
using Cake.Common.Diagnostics;
using ProjectScout.Build.Hosting;
using ProjectScout.Toolkit.Diagnostics;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Build.Tasks.Quality;

[TaskName(nameof(TestQuality))]
[TaskDescription("Generate seeded sample data for every contract (--quality-rows, --quality-seed), run every rule on DuckDB, and prove each rule kind catches a planted violation.")]
public sealed class TestQuality : BuildTask<BuildContext>
{
    public const string RowsArgument = "quality-rows";
    public const string SeedArgument = "quality-seed";

    public override void Run(BuildContext context)
    {
        var rows = ReadInt(context, RowsArgument, 20_000, 8, 100_000_000);
        var seed = ReadInt(context, SeedArgument, 42, 0, int.MaxValue);
        var folder = Path.Combine(context.Layout.Cache, "quality-sample");
        // Whole hours keep the run reproducible within the hour and the freshness rules meaningful.
        var now = DateTimeOffset.UtcNow;
        var asOf = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var report = LocalQualityRun.Run(context.Contracts, folder, rows, (int)seed, asOf);

        foreach (var (table, count) in report.Rows)
        {
            context.Information("sample {0,-45} {1,10:N0} rows", table, count);
        }

        var passed = report.CleanResults.Count(r => r.Passed);
        context.Information("clean data: {0}/{1} rules passed", passed, report.CleanResults.Count);
        foreach (var failure in report.CleanFailures)
        {
            context.Error("  clean data failed {0}.{1} ({2} failing rows, observed {3})", failure.Table, failure.Rule.Id, failure.FailingRows, failure.Observed);
        }

        context.Information("planted violations:");
        foreach (var planting in report.Plantings)
        {
            var caughtBy = planting.FailedRules.Count == 0 ? "NOTHING" : string.Join(", ", planting.FailedRules);
            var line = $"  {planting.Category,-19} {planting.Table}: {planting.Change} -> caught by {caughtBy}";
            if (planting.CaughtExactly)
            {
                context.Information(line);
            }
            else
            {
                context.Error(line + $" (expected exactly {planting.Table}.{planting.TargetRule})");
            }
        }

        if (!report.Succeeded)
        {
            throw new ToolkitException($"TestQuality failed: {report.CleanFailures.Count} rule(s) failed on clean data, {report.Plantings.Count(p => !p.CaughtExactly)} planted violation(s) not caught exactly (see above).");
        }
    }

    private static long ReadInt(BuildContext context, string name, long fallback, long min, long max)
    {
        if (!context.HasArgument(name))
        {
            return fallback;
        }

        var text = context.Argument<string>(name);
        if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ToolkitException($"Argument --{name} takes a whole number between {min} and {max}, not '{text}'.");
        }

        return value;
    }
}
