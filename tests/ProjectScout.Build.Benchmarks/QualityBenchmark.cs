using System.Diagnostics;
using System.Globalization;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// Time to evaluate every rule of every contract on DuckDB over Parquet with (at least) 10 million rows per layer.
/// Sample data keeps the contracts' ratios between tables (8 chunks per transcript, …), so each layer gets a data set
/// scaled until that layer's tables hold the target together. Target: each layer ≤ 15 s on 2 cores, one scan per table.
/// Arguments: [rows per layer] (default 10,000,000).
/// </summary>
public sealed class QualityBenchmark : IBenchmark
{
    private static readonly TimeSpan TargetPerLayer = TimeSpan.FromSeconds(15);

    public string Name => "quality";

    public string Description => "evaluate every quality rule on 10M rows per layer (DuckDB, Parquet, one aggregate scan per table)";

    public Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var target = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var layers = LakehouseLoader.Load(Path.Combine(repositoryRoot, "templates", LakehouseDeclaration.FileName)).LayerNames;
        var contracts = new ContractLoader(Path.Combine(repositoryRoot, "templates", "contracts"), layers).Load();
        var asOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var met = true;
        var total = TimeSpan.Zero;
        var relationalQueries = 0;
        foreach (var layer in layers)
        {
            var layerTables = contracts.Tables.Where(t => t.Layer == layer).ToList();
            var scale = ScaleFor(target, layerTables);
            using var connection = DuckDbQualityRunner.Open(threads: 2);
            var folder = EnsureSampleData(repositoryRoot, connection, contracts, scale, asOf);

            var runner = new DuckDbQualityRunner(connection);
            runner.Register(contracts, folder, load: false);
            var plans = QualityCompiler.Compile(contracts, SqlDialect.DuckDb(asOf)).Where(p => p.Contract.Layer == layer).ToList();
            relationalQueries += plans.Sum(p => p.Queries.Count - 1);

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var results = runner.Evaluate(plans);
            clock.Stop();
            // CPU time shows how much of the wall time was this benchmark's own work on a shared machine.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            total += clock.Elapsed;
            var layerRows = layerTables.Sum(t => SampleData.Rows(scale, t));
            var failed = results.Count(r => !r.Passed);
            Console.WriteLine($"   {layer,-9} {results.Count,3} rules, {layerRows,12:N0} rows in {layerTables.Count} tables, {clock.Elapsed.TotalSeconds,6:F2} s wall ({clock.Elapsed / TargetPerLayer:P0} of the 15 s target), {cpu.TotalSeconds,6:F2} s CPU, {failed} failed, {layerRows / Math.Max(clock.Elapsed.TotalSeconds, 0.001) / 1e6:F1} M rows/s");
            met &= clock.Elapsed <= TargetPerLayer && failed == 0 && layerRows >= target;
        }

        Console.WriteLine($"   all layers {total.TotalSeconds:F2} s; one aggregate query per table plus {relationalQueries} relational queries");
        return Task.FromResult(met);
    }

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
