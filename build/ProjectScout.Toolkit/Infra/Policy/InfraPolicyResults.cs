using System.Text.Json;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Infra;

/// <summary>
/// The policy-check results service: evaluates the gate rules over an environment's compiled templates and snapshots
/// (as BuildInfra left them under artifacts/&lt;env&gt;/), persists every result (passes too) to
/// artifacts/&lt;env&gt;/infra/policy-results.json, and loads them back for reports such as the Well-Architected report.
/// </summary>
public sealed class InfraPolicyResults(ToolkitLayout layout)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ResultsPath(string environment) => Path.Combine(layout.For(environment).Infra, InfraPhases.PolicyResultsFileName);

    /// <summary>Snapshot path of a phase, as shown to users (failures name it).</summary>
    public string SnapshotDisplayPath(string environment, int phase) =>
        layout.Display(Path.Combine(layout.For(environment).Snapshots, $"phase{phase}.json"));

    /// <summary>Evaluates every gate rule over the artifacts of <paramref name="env"/>; throws if BuildInfra has not produced them.</summary>
    public PolicyReport Evaluate(EnvironmentDefinition env)
    {
        var artifacts = layout.For(env.Name);
        var evidence = new List<PhaseEvidence>();
        foreach (var phase in InfraPhases.All)
        {
            var snapshot = Path.Combine(artifacts.Snapshots, phase.SnapshotFileName);
            var template = Path.Combine(artifacts.Infra, phase.CompiledTemplateFileName);
            var parameters = Path.Combine(artifacts.Infra, phase.CompiledParametersFileName);
            var missing = new[] { snapshot, template, parameters }.FirstOrDefault(p => !File.Exists(p));
            if (missing is not null)
            {
                throw new ToolkitException($"{layout.Display(missing)} is missing; run './build.sh --target=BuildInfra --environment={env.Name}' first.");
            }

            evidence.Add(new PhaseEvidence(phase, BicepClient.ParseSnapshot(File.ReadAllText(snapshot)), File.ReadAllText(template), File.ReadAllText(parameters)));
        }

        var results = PolicyEngine.Evaluate(PolicyInput.FromPhases(env, Lakehouse.LakehouseLoader.Load(layout), evidence), PolicyKind.Gate);
        var stamp = Path.Combine(artifacts.Infra, InfraBuildService.StampFileName);
        return new PolicyReport(env.Name, File.Exists(stamp) ? File.ReadAllText(stamp).Trim() : string.Empty,
            PolicyEngine.OfKind(PolicyKind.Gate).Select(PolicyRuleSummary.Of).ToList(), results);
    }

    /// <summary>Evaluates and writes policy-results.json (only when its content changed); returns every result.</summary>
    public IReadOnlyList<PolicyCheckResult> EvaluateAndSave(EnvironmentDefinition env)
    {
        var report = Evaluate(env);
        GeneratedFiles.Write(ResultsPath(env.Name), JsonSerializer.Serialize(report, Json) + "\n");
        return report.Results;
    }

    /// <summary>Loads the persisted results of an environment, or null when CheckInfraPolicies has not run for it.</summary>
    public PolicyReport? Load(string environment)
    {
        var path = ResultsPath(environment);
        return File.Exists(path) ? JsonSerializer.Deserialize<PolicyReport>(File.ReadAllText(path), Json) : null;
    }

    /// <summary>Failures as problems naming the snapshot file (the snapshots folder for a result over every phase), rule, resource and property.</summary>
    public IReadOnlyList<Problem> Failures(string environment, IEnumerable<PolicyCheckResult> results) =>
        results.Where(r => !r.Passed)
            .Select(r => r.ToProblem(r.Phase > 0 ? SnapshotDisplayPath(environment, r.Phase) : layout.Display(layout.For(environment).Snapshots)))
            .ToList();
}
