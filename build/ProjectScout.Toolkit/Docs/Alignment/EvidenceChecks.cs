using System.Text.Json.Nodes;
using ProjectScout.Toolkit.Cost;

namespace ProjectScout.Toolkit.Docs.Alignment;

/// <summary>What one piece of evidence showed: its status and, in a few words, what was inspected and found.</summary>
public sealed record Evidence(AlignmentStatus Status, string Text)
{
    public static Evidence Aligned(string text) => new(AlignmentStatus.Aligned, text);
    public static Evidence Partial(string text) => new(AlignmentStatus.Partial, text);
    public static Evidence Missing(string text) => new(AlignmentStatus.Missing, text);
}

/// <summary>
/// What the evidence reads: the documents' model (snapshots, rendered jobs and notebooks, contracts, governance,
/// environment), the policy findings of the run and the names of the other documents generated for the environment.
/// </summary>
public sealed record EvidenceInput(LakehouseModel Model, IReadOnlyList<AlignmentFinding> Findings, IReadOnlySet<string> Documents, CostEstimate? Cost = null);

/// <summary>
/// The named checks templates/assessment.yaml cites (check: name, argument). Each is a small predicate over the run's
/// typed results; it says what it found, never more than it saw. Policy-rule evidence (rules:) is evaluated here too.
/// </summary>
public static partial class EvidenceChecks
{
    private static readonly IReadOnlyDictionary<string, Func<EvidenceInput, string?, Evidence>> Checks =
        new Dictionary<string, Func<EvidenceInput, string?, Evidence>>(StringComparer.Ordinal)
        {
            ["medallion-layer"] = MedallionLayer,
            ["metrics-table"] = MetricsTable,
            ["per-layer-compute"] = (i, _) => PerLayerCompute(i),
            ["job-clusters-only"] = (i, _) => JobClustersOnly(i),
            ["job-dependencies"] = (i, _) => JobDependencies(i),
            ["quality-gates-between-layers"] = (i, _) => QualityGatesBetweenLayers(i),
            ["quality-dashboard"] = (i, _) => QualityDashboard(i),
            ["quality-alert"] = (i, _) => QualityAlert(i),
            ["dashboards"] = (i, _) => Dashboards(i),
            ["alert-tiers"] = (i, _) => AlertTiers(i),
            ["backup-job"] = (i, _) => BackupJob(i),
            ["cross-region"] = (i, _) => CrossRegion(i),
            ["document"] = Document,
            ["idempotent-writes"] = (i, _) => IdempotentWrites(i),
            ["pipeline"] = (i, _) => Pipeline(i),
            ["policy-results"] = (i, _) => PolicyResults(i),
            ["all-phases-compiled"] = (i, _) => AllPhasesCompiled(i),
            ["deployment-record"] = (i, _) => DeploymentRecord(i),
            ["living-documents"] = (i, _) => LivingDocuments(i),
            ["environment-templates"] = (i, _) => EnvironmentTemplates(i),
            ["query-metrics"] = (i, _) => QueryMetrics(i),
            ["table-layout"] = (i, _) => TableLayout(i),
            ["workload-management"] = (i, _) => WorkloadManagement(i),
            ["spark-tuning"] = (i, _) => SparkTuning(i),
            ["cost-estimate"] = (i, _) => CostEstimated(i),
            ["conditional-access"] = (i, _) => ConditionalAccess(i),
            ["column-security"] = (i, _) => ColumnSecurity(i),
            ["secret-rotation"] = (i, _) => SecretRotation(i),
            ["audit-logging"] = (i, _) => AuditLogging(i),
            ["lineage"] = (i, _) => Lineage(i),
        };

    /// <summary>Every check name templates/assessment.yaml may cite.</summary>
    public static IReadOnlySet<string> Names { get; } = Checks.Keys.ToHashSet(StringComparer.Ordinal);

    public static Evidence Evaluate(EvidenceReference reference, EvidenceInput input) =>
        reference.Check is { } check ? Checks[check](input, reference.Argument) : Rules(reference.Rules, input.Findings);

    /// <summary>Every result of every rule passes (and each rule produced at least one).</summary>
    private static Evidence Rules(IReadOnlyList<string> rules, IReadOnlyList<AlignmentFinding> findings)
    {
        var parts = rules.Select(rule =>
        {
            var results = findings.Where(f => f.RuleId == rule).ToList();
            var passed = results.Count(f => f.Passed);
            var failing = results.FirstOrDefault(f => !f.Passed);
            return results.Count == 0
                ? Evidence.Missing($"{rule}: no result (nothing it inspects was built)")
                : failing is null
                    ? Evidence.Aligned($"{rule}: {passed}/{results.Count} pass")
                    : new Evidence(passed > 0 ? AlignmentStatus.Partial : AlignmentStatus.Missing,
                        $"{rule}: {passed}/{results.Count} pass; fails on {failing.Resource}: {failing.Evidence}");
        }).ToList();
        return Combine(parts);
    }

    /// <summary>All aligned → aligned; none aligned and none partial → missing; otherwise partial. Texts joined with "; ".</summary>
    public static Evidence Combine(IReadOnlyList<Evidence> parts)
    {
        var status = parts.Count == 0 ? AlignmentStatus.Missing
            : parts.All(p => p.Status == AlignmentStatus.Aligned) ? AlignmentStatus.Aligned
            : parts.All(p => p.Status == AlignmentStatus.Missing) ? AlignmentStatus.Missing
            : AlignmentStatus.Partial;
        return new Evidence(status, string.Join("; ", parts.Select(p => p.Text)));
    }

    // ---- helpers over the rendered jobs ----

    private static IEnumerable<JsonObject> Tasks(JsonObject job) => (job["tasks"] as JsonArray ?? []).OfType<JsonObject>();

    private static IEnumerable<JsonObject> JobClusters(JsonObject job) => (job["job_clusters"] as JsonArray ?? []).OfType<JsonObject>();

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private static Evidence NoJobs() => Evidence.Missing("no rendered jobs (render the workspace first)");
}
