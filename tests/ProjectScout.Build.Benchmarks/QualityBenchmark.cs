using System.Diagnostics;
using System.Globalization;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// Time to evaluate every rule of every contract on DuckDB over Parquet with (at least) 10 million rows per layer,
/// against a baseline in the same run: the one query a person would write by hand for the same rules over the same
/// files (<see cref="HandWrittenQualityQuery"/>), whose failing-row counts must agree. Sample data keeps the contracts'
/// ratios between tables (8 chunks per transcript, …), so each layer gets a data set scaled until that layer's tables
/// hold the target together. Each side runs twice, alternating, and keeps its best time (the machine is shared).
/// Target: every layer within 1.5× of the baseline.
/// Arguments: [rows per layer] (default 10,000,000).
/// </summary>
public sealed class QualityBenchmark : IBenchmark
{
    private const double RatioTarget = 1.5;

    public string Name => "quality";

    public string Description => "every quality rule on 10M rows per layer (DuckDB, Parquet) vs one hand-written DuckDB query for the same rules (≤ 1.5×)";

    public Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var target = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var layers = LakehouseLoader.Load(Path.Combine(repositoryRoot, "templates", LakehouseDeclaration.FileName)).LayerNames;
        var contracts = new ContractLoader(Path.Combine(repositoryRoot, "templates", "contracts"), layers).Load();
        var asOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var met = true;
        var total = TimeSpan.Zero;
        var totalBaseline = TimeSpan.Zero;
        foreach (var layer in layers)
        {
            var layerTables = contracts.Tables.Where(t => t.Layer == layer).ToList();
            var scale = ScaleFor(target, layerTables);
            using var connection = DuckDbQualityRunner.Open(threads: 2);
            var folder = EnsureSampleData(repositoryRoot, connection, contracts, scale, asOf);

            var runner = new DuckDbQualityRunner(connection);
            runner.Register(contracts, folder, load: false);
            var plans = QualityCompiler.Compile(contracts, SqlDialect.DuckDb(asOf)).Where(p => p.Contract.Layer == layer).ToList();
            var baseline = new HandWrittenQualityQuery(layerTables);

            IReadOnlyList<RuleResult> results = [];
            IReadOnlyDictionary<(TableName Table, string Rule), long> expected = new Dictionary<(TableName, string), long>();
            var best = TimeSpan.MaxValue;
            var bestBaseline = TimeSpan.MaxValue;
            for (var round = 0; round < 2; round++)
            {
                var clock = Stopwatch.StartNew();
                results = runner.Evaluate(plans);
                best = Min(best, clock.Elapsed);
                clock.Restart();
                expected = baseline.Run(connection);
                bestBaseline = Min(bestBaseline, clock.Elapsed);
            }

            total += best;
            totalBaseline += bestBaseline;
            var disagreements = results.Where(r => expected.TryGetValue((r.Table, r.Rule.Id), out var failing) && failing != r.FailingRows).Select(r => $"{r.Table}.{r.Rule.Id}").ToList();
            var layerRows = layerTables.Sum(t => SampleData.Rows(scale, t));
            var failed = results.Count(r => !r.Passed);
            var ratio = best / bestBaseline;
            Console.WriteLine($"   {layer,-9} {results.Count,3} rules, {layerRows,12:N0} rows in {layerTables.Count} tables: {best.TotalSeconds,6:F2} s vs hand-written {bestBaseline.TotalSeconds,6:F2} s → {ratio:F2}× (target ≤ {RatioTarget}×), {failed} failed, {layerRows / Math.Max(best.TotalSeconds, 0.001) / 1e6:F1} M rows/s");
            if (disagreements.Count > 0)
            {
                Console.WriteLine($"   {layer,-9} the hand-written query disagrees on: {string.Join(", ", disagreements)}");
            }

            met &= ratio <= RatioTarget && failed == 0 && disagreements.Count == 0 && layerRows >= target;
        }

        Console.WriteLine($"   all layers {total.TotalSeconds:F2} s vs hand-written {totalBaseline.TotalSeconds:F2} s → {total / totalBaseline:F2}×");
        return Task.FromResult(met);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The smallest generation size at which the layer's tables hold at least <paramref name="target"/> rows together.</summary>
    private static long ScaleFor(long target, IReadOnlyList<TableContract> layerTables)
    {
        var rowsAtTarget = layerTables.Sum(t => SampleData.Rows(target, t));
        var scale = (long)Math.Ceiling((double)target * target / rowsAtTarget);
        while (layerTables.Sum(t => SampleData.Rows(scale, t)) < target)
        {
            scale += SampleData.RowQuantum;
        }

        return scale;
    }

    private static string EnsureSampleData(string root, DuckDB.NET.Data.DuckDBConnection connection, ContractSet contracts, long scale, DateTimeOffset asOf)
    {
        var folder = Path.Combine(root, "artifacts", ".cache", "quality-benchmark", scale.ToString(CultureInfo.InvariantCulture));
        if (!contracts.Tables.All(t => File.Exists(SampleData.PathOf(folder, t.Name))))
        {
            var generate = Stopwatch.StartNew();
            SampleData.Write(connection, contracts, folder, scale, seed: 42, asOf);
            Console.WriteLine($"   generated sample Parquet at scale {scale:N0} in {generate.Elapsed.TotalSeconds:F1} s (cached in {folder})");
        }

        return folder;
    }
}
