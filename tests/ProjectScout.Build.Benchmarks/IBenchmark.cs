namespace ProjectScout.Build.Benchmarks;

/// <summary>A runnable benchmark: prints its figures and ratios, and says whether its target was met.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    Task<bool> RunAsync(string repositoryRoot, string[] args);
}
