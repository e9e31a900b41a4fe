using System.Diagnostics;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Quality;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// Time to evaluate every rule of every contract on DuckDB over Parquet with 10 million rows per layer
/// (the largest table of each layer; others keep their contract ratios). Target: each layer ≤ 15 s on 2 cores.
/// Arguments: [rows] (default 10,000,000).
/// </summary>
public sealed class QualityBenchmark : IBenchmark
{
    private static readonly TimeSpan TargetPerLayer = TimeSpan.FromSeconds(15);

    public string Name => "quality";

    public string Description => "evaluate every quality rule on 10M rows per layer (DuckDB, Parquet, one aggregate scan per table)";

    public Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000;
        var contracts = new ContractLoader(Path.Combine(repositoryRoot, "templates", "contracts")).Load();
        var folder = Path.Combine(repositoryRoot, "artifacts", ".cache", "quality-benchmark", rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var asOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var connection = DuckDbQualityRunner.Open(threads: 2);
        if (!contracts.Tables.All(t => File.Exists(SampleData.PathOf(folder, t.Name))))
        {
            var generate = Stopwatch.StartNew();
            SampleData.Write(connection, contracts, folder, rows, seed: 42, asOf);
            Console.WriteLine($"   generated sample Parquet in {generate.Elapsed.TotalSeconds:F1} s (cached in {folder})");
        }

        var runner = new DuckDbQualityRunner(connection);
        runner.Register(contracts, folder, load: false);
        var plans = QualityCompiler.Compile(contracts, SqlDialect.DuckDb(asOf));
        var met = true;
        var total = TimeSpan.Zero;
        foreach (var layer in Layers.All)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var results = runner.Evaluate(plans.Where(p => p.Contract.Layer == layer));
            clock.Stop();
            // CPU time shows how much of the wall time was this benchmark's own work on a shared machine.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            total += clock.Elapsed;
            var tableRows = plans.Where(p => p.Contract.Layer == layer).Sum(p => SampleData.Rows(rows, p.Contract));
            var failed = results.Count(r => !r.Passed);
            Console.WriteLine($"   {layer,-9} {results.Count,3} rules, {tableRows,12:N0} rows, {clock.Elapsed.TotalSeconds,6:F2} s wall ({clock.Elapsed / TargetPerLayer:P0} of the 15 s target), {cpu.TotalSeconds,6:F2} s CPU, {failed} failed, {tableRows / Math.Max(clock.Elapsed.TotalSeconds, 0.001) / 1e6:F1} M rows/s");
            met &= clock.Elapsed <= TargetPerLayer && failed == 0;
        }

        Console.WriteLine($"   all layers {total.TotalSeconds:F2} s; one aggregate query per table plus {plans.Sum(p => p.Queries.Count - 1)} relational queries");
        return Task.FromResult(met);
    }
}
