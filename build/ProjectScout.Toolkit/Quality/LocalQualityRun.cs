using ProjectScout.Model.Contracts;
using ProjectScout.Toolkit.Contracts;

namespace ProjectScout.Toolkit.Quality;

/// <summary>The outcome of a local quality run: every rule on clean sample data, and each planted violation.</summary>
public sealed record LocalQualityReport(
    IReadOnlyDictionary<TableName, long> Rows,
    IReadOnlyList<RuleResult> CleanResults,
    IReadOnlyList<PlantedViolation> Plantings)
{
    public IReadOnlyList<RuleResult> CleanFailures => CleanResults.Where(r => !r.Passed).ToList();

    public bool Succeeded => CleanFailures.Count == 0 && Plantings.All(p => p.CaughtExactly);
}

/// <summary>What TestQuality does: seeded sample data as Parquet, every rule on DuckDB, then one planted violation per rule kind.</summary>
public static class LocalQualityRun
{
    public static LocalQualityReport Run(ContractSet contracts, string dataFolder, long rows, int seed, DateTimeOffset asOf)
    {
        using var connection = DuckDbQualityRunner.Open();
        var counts = SampleData.Write(connection, contracts, dataFolder, rows, seed, asOf);
        var runner = new DuckDbQualityRunner(connection);
        runner.Register(contracts, dataFolder, load: true);
        var plans = QualityCompiler.Compile(contracts, SqlDialect.DuckDb(asOf));
        var clean = runner.Evaluate(plans);
        var plantings = PlantedViolations.Run(runner, contracts, plans);
        return new LocalQualityReport(counts, clean, plantings);
    }
}
