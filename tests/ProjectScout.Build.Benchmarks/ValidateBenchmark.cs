using System.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Build.Benchmarks;

/// <summary>
/// The infra part of Validate for all four environments (parameters, compile + lint of every template, compiled
/// parameters, snapshots, policy check), cold (empty artifacts) and warm (nothing changed), against the per-file CLI
/// baseline in the same run: one <c>bicep build</c> and one <c>bicep lint</c> process per template, one
/// <c>bicep snapshot</c> process per environment and phase. Targets: cold at least 3x faster than per-file; warm at
/// most a quarter of cold.
/// </summary>
public sealed class ValidateBenchmark : IBenchmark
{
    public string Name => "validate";

    public string Description => "Infra Validate for sandbox, dev, stage, prod: cold and warm vs bicep build/lint/snapshot once per file";

    public async Task<bool> RunAsync(string repositoryRoot, string[] args)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "projectscout-bench-validate-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        try
        {
            var layout = new ToolkitLayout { Root = repositoryRoot, ArtifactsRelative = scratch };
            var catalog = new EnvironmentCatalog(layout.Environments, layout.Display);
            var environments = new[] { "sandbox", "dev", "stage", "prod" }.Select(catalog.Load).ToList();

            var cold = await TimeValidateAsync(layout, environments, expectSkipped: false);
            var warm = await TimeValidateAsync(layout, environments, expectSkipped: true);
            var perFile = await TimePerFileAsync(layout, environments);

            var coldSpeedup = perFile.TotalSeconds / cold.TotalSeconds;
            var warmShare = warm.TotalSeconds / cold.TotalSeconds;
            Console.WriteLine($"   per-file CLI (build + lint per template, snapshot per env/phase): {perFile.TotalSeconds,7:F2} s");
            Console.WriteLine($"   Validate cold (one bicep jsonrpc process):                      {cold.TotalSeconds,7:F2} s   {coldSpeedup:F1}x faster than per-file (target >= 3x)");
            Console.WriteLine($"   Validate warm (inputs unchanged):                               {warm.TotalSeconds,7:F2} s   {warmShare:P1} of cold (target <= 25%)");
            return coldSpeedup >= 3 && warmShare <= 0.25;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<TimeSpan> TimeValidateAsync(ToolkitLayout layout, IReadOnlyList<EnvironmentDefinition> environments, bool expectSkipped)
    {
        var clock = Stopwatch.StartNew();
        await using var bicep = new BicepSession();
        var build = new InfraBuildService(layout, _ => null);
        var policies = new InfraPolicyResults(layout);
        foreach (var env in environments)
        {
            var result = await build.BuildAsync(env, () => bicep.Client);
            if (result.HasErrors || result.Skipped != expectSkipped)
            {
                throw new InvalidOperationException($"{env.Name}: unexpected build result (skipped={result.Skipped}, errors={result.HasErrors}).");
            }

            var failed = policies.EvaluateAndSave(env).Count(r => !r.Passed);
            if (failed > 0)
            {
                throw new InvalidOperationException($"{env.Name}: {failed} policy failures.");
            }
        }

        return clock.Elapsed;
    }

    private static async Task<TimeSpan> TimePerFileAsync(ToolkitLayout layout, IReadOnlyList<EnvironmentDefinition> environments)
    {
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
