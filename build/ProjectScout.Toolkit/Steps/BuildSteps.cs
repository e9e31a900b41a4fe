namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// Every step of the build, and the ordered step lists the public targets run. Each list reads top to bottom as what
/// the target does; the host's aggregate task declares the same members in the same order (a test holds them equal).
/// </summary>
public static class BuildSteps
{
    public static IStep ValidateEnvironments { get; } = new ValidateEnvironments();
    public static IStep BuildInfra { get; } = new BuildInfra(EnvironmentScope.Target);
    public static IStep CheckInfraPolicies { get; } = new CheckInfraPolicies(EnvironmentScope.Target);
    public static IStep RenderWorkspace { get; } = new RenderWorkspace();
    public static IStep ValidateWorkspace { get; } = new ValidateWorkspace();
    public static IStep ParseNotebooks { get; } = new ParseNotebooks();
    public static IStep CompileEnvironments { get; } = new CompileEnvironments();
    public static EnvironmentStep Docs { get; } = new Document(EnvironmentScope.All);
    public static IStep Bundle { get; } = new Bundle();
    public static IStep VerifyRelease { get; } = new VerifyRelease();
    public static IStep TestQuality { get; } = new TestQuality();
    public static IStep TestAccess { get; } = new TestAccess();
    public static IStep Clean { get; } = new Clean();

    /// <summary>Run by the Validate task itself, after all of <see cref="Validate"/> passed.</summary>
    public static IStep StampValidation { get; } = new StampValidation();

    /// <summary>Every offline check a pull request must pass.</summary>
    public static IReadOnlyList<IStep> Validate { get; } =
        [ValidateEnvironments, BuildInfra, CheckInfraPolicies, RenderWorkspace, ValidateWorkspace, ParseNotebooks];

    /// <summary>Validate, the access proof, then every other environment compiled and checked, every environment documented, one release.</summary>
    /// <remarks>TestAccess (about 1 s on DuckDB) runs here, not in Validate: a release carries the proof of its masks, while
    /// every deploy (which runs Validate) does not pay for it again.</remarks>
    public static IReadOnlyList<IStep> Package { get; } = [.. Validate, TestAccess, CompileEnvironments, Docs, Bundle];

    /// <summary>Applies <paramref name="steps"/> in order; the first step that fails stops the list.</summary>
    public static async Task ApplyAsync(BuildState state, IEnumerable<IStep> steps, CancellationToken cancellationToken = default)
    {
        foreach (var step in steps)
        {
            await step.ApplyAsync(state, cancellationToken);
        }
    }
}
