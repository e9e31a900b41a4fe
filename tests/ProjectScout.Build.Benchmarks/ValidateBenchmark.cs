using System.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Steps;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// The infra part of a Package run for all four environments (parameters, compile + lint of every template, compiled
/// parameters, snapshots, policy check), through the real steps (BuildInfra and CheckInfraPolicies for the target,
/// CompileEnvironments for the others): cold in one run (empty artifacts), warm (nothing changed), and cold one run per
/// environment (what a pipeline per environment pays: one Bicep start each), against the per-file CLI baseline in the
/// same run: one <c>bicep build</c> and one <c>bicep lint</c> process per template, one <c>bicep snapshot</c> process per
/// environment and phase. Targets: cold in one run at least 12x faster than per-file; warm at most 10 % of cold.
/// </summary>
public sealed class ValidateBenchmark : IBenchmark
{
    private const double ColdSpeedupTarget = 12;
    private const double WarmShareTarget = 0.10;
    private static readonly string[] Environments = ["sandbox", "dev", "stage", "prod"];

    public string Name => "validate";

    public string Description => "Infra Validate for sandbox, dev, stage, prod in one run: cold (≥ 12x faster than bicep build/lint/snapshot once per file) and warm (≤ 10 % of cold)";

    public async Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "projectscout-bench-validate-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        try
        {
            var layout = new ToolkitLayout { Root = repositoryRoot, ArtifactsRelative = Path.Combine(scratch, "one-run") };
            var cold = await TimeRunAsync(layout, Environments);
            var warm = await TimeRunAsync(layout, Environments);
            var perEnvironment = TimeSpan.Zero;
            var perEnvironmentLayout = layout with { ArtifactsRelative = Path.Combine(scratch, "per-environment") };
            foreach (var environment in Environments)
            {
                perEnvironment += await TimeRunAsync(perEnvironmentLayout, [environment]);
            }

            var perFile = await TimePerFileAsync(layout, new EnvironmentCatalog(layout.Environments, layout.Display), Environments);

            var coldSpeedup = perFile.TotalSeconds / cold.TotalSeconds;
            var warmShare = warm.TotalSeconds / cold.TotalSeconds;
            Console.WriteLine($"   per-file CLI (build + lint per template, snapshot per env/phase): {perFile.TotalSeconds,7:F2} s");
            Console.WriteLine($"   one run per environment, cold (4 runs, one bicep process each): {perEnvironment.TotalSeconds,7:F2} s   {perFile.TotalSeconds / perEnvironment.TotalSeconds:F1}x faster than per-file");
            Console.WriteLine($"   all four in one run, cold (templates compiled once):             {cold.TotalSeconds,7:F2} s   {coldSpeedup:F1}x faster than per-file (target >= {ColdSpeedupTarget}x)");
            Console.WriteLine($"   all four in one run, warm (inputs unchanged):                    {warm.TotalSeconds,7:F2} s   {warmShare:P1} of cold (target <= {WarmShareTarget:P0})");
            return coldSpeedup >= ColdSpeedupTarget && warmShare <= WarmShareTarget;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>One run's infra steps for <paramref name="environments"/> (the first is the target), with its own Bicep process.</summary>
    private static async Task<TimeSpan> TimeRunAsync(ToolkitLayout layout, IReadOnlyList<string> environments)
    {
        var clock = Stopwatch.StartNew();
        await using var bicep = new BicepSession();
        var state = new BuildState(layout, new RunSettings { EnvironmentName = environments[0] }, new QuietLog(), () => bicep.Client);
        state.LoadEnvironments();
        IReadOnlyList<IStep> steps = environments.Count == 1
            ? [BuildSteps.BuildInfra, BuildSteps.CheckInfraPolicies]
            : [BuildSteps.BuildInfra, BuildSteps.CheckInfraPolicies, BuildSteps.CompileEnvironments];
        await BuildSteps.ApplyAsync(state, steps);
        foreach (var environment in environments.Select(name => state[name]))
        {
            if (environment.Infra is not { HasErrors: false } || environment.Policies is null)
            {
                throw new InvalidOperationException($"{environment.Name}: the infra build or policy check did not complete.");
            }
        }

        return clock.Elapsed;
    }

    private sealed class QuietLog : IRunLog
    {
        public void Information(string line)
        {
        }

        public void Verbose(string line)
        {
        }

        public void Warning(string line)
        {
        }

        public void Error(string line) => Console.Error.WriteLine(line);
    }

    private static async Task<TimeSpan> TimePerFileAsync(ToolkitLayout layout, EnvironmentCatalog catalog, IReadOnlyList<string> names)
    {
        var environments = names.Select(catalog.Load).ToList();
        var bicep = BicepCli.Path;
        var outDir = Path.Combine(layout.Artifacts, "per-file");
        Directory.CreateDirectory(outDir);
        var templates = Directory.EnumerateFiles(layout.Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var clock = Stopwatch.StartNew();
        var index = 0;
        foreach (var template in templates)
        {
            await RunCliAsync(bicep, "build", template, "--outfile", Path.Combine(outDir, $"t{index++}.json"));
            await RunCliAsync(bicep, "lint", template);
        }

        foreach (var env in environments)
        {
            foreach (var phase in InfraPhases.All)
            {
                var parameters = Path.Combine(layout.For(env.Name).Infra, phase.ParametersSourceFileName);
                var infra = layout.For(env.Name).Infra;
                var deploymentName = phase.DeploymentName(env.Name, File.ReadAllText(Path.Combine(infra, phase.CompiledTemplateFileName)), File.ReadAllText(Path.Combine(infra, phase.CompiledParametersFileName)));
                var context = SnapshotContext.For(env, deploymentName, _ => null);
                await RunCliAsync(bicep, "snapshot", parameters, "--mode", "overwrite", "--subscription-id", context.SubscriptionId,
                    "--resource-group", context.ResourceGroup, "--location", context.Location, "--tenant-id", context.TenantId!,
                    "--deployment-name", context.DeploymentName!);
            }
        }

        return clock.Elapsed;
    }

    private static async Task RunCliAsync(string bicep, params string[] arguments)
    {
        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
