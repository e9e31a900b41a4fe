using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Generates seeded sample data for every contract, runs every rule on DuckDB, and proves each rule kind catches a
/// planted violation.
/// </summary>
public sealed class TestQuality : IStep
{
    public string Name => nameof(TestQuality);

    public string Reads => "state.Contracts; settings.QualityRows, settings.QualitySeed";

    public string Updates => "artifacts/.cache/quality-sample";

    public Task ApplyAsync(BuildState state, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(state.Layout.Cache, "quality-sample");
        // Whole hours keep the run reproducible within the hour and the freshness rules meaningful.
        var now = DateTimeOffset.UtcNow;
        var asOf = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var report = LocalQualityRun.Run(state.Contracts, folder, state.Settings.QualityRows, state.Settings.QualitySeed, asOf);
        var log = state.Log;
        foreach (var (table, count) in report.Rows)
        {
            log.Information(string.Format(System.Globalization.CultureInfo.InvariantCulture, "sample {0,-45} {1,10:N0} rows", table, count));
        }

        log.Information($"clean data: {report.CleanResults.Count(r => r.Passed)}/{report.CleanResults.Count} rules passed");
        foreach (var failure in report.CleanFailures)
        {
            log.Error($"  clean data failed {failure.Table}.{failure.Rule.Id} ({failure.FailingRows} failing rows, observed {failure.Observed})");
        }

        log.Information("planted violations:");
        foreach (var planting in report.Plantings)
        {
            var caughtBy = planting.FailedRules.Count == 0 ? "NOTHING" : string.Join(", ", planting.FailedRules);
            var line = $"  {planting.Category,-19} {planting.Table}: {planting.Change} -> caught by {caughtBy}";
            if (planting.CaughtExactly)
            {
                log.Information(line);
            }
            else
            {
                log.Error(line + $" (expected exactly {planting.Table}.{planting.TargetRule})");
            }
        }

        if (!report.Succeeded)
        {
            throw new ToolkitException($"TestQuality failed: {report.CleanFailures.Count} rule(s) failed on clean data, {report.Plantings.Count(p => !p.CaughtExactly)} planted violation(s) not caught exactly (see above).");
        }

        return Task.CompletedTask;
    }
}
