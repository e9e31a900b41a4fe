using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Databricks.Adapters.UnityCatalog;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Docs;

/// <summary>A phase plan's top-level "summary" (artifacts/&lt;env&gt;/plan/phase&lt;N&gt;.json).</summary>
public sealed record PlanSummary(int Phase, int Create, int Update, int Delete, int NoChange);

/// <summary>
/// Everything the documents are generated from, read from the environment's artifacts and the contracts. Each part may be
/// absent (not built yet); the documents then say so instead of claiming anything.
/// </summary>
public sealed class LakehouseModel
{
    public required EnvironmentDefinition Environment { get; init; }

    /// <summary>templates/lakehouse.yaml: the layers the documents describe, in pipeline order.</summary>
    public required LakehouseDeclaration Lakehouse { get; init; }
    public ContractSet? Contracts { get; init; }
    public IReadOnlyList<int> SnapshotPhases { get; init; } = [];
    public IReadOnlyList<SnapshotResource> Resources { get; init; } = [];
    public WorkspaceBundle? Workspace { get; init; }
    public IReadOnlyList<PlanSummary> Plans { get; init; } = [];

    /// <summary>The Unity Catalog objects the deploy creates for the environment (computed from the declarations, as rendered).</summary>
    public UnityCatalogDesired UnityCatalog { get; init; } = UnityCatalogDesired.Empty;
    public IReadOnlyList<Deployment.PhaseRecord> Deployments { get; init; } = [];

    /// <summary>The infrastructure policy results (every rule, passes included) of CheckInfraPolicies; null when absent.</summary>
    public PolicyReport? InfraPolicy { get; init; }

    /// <summary>Why <see cref="InfraPolicy"/> is null, for the documents to say.</summary>
    public string InfraPolicyAbsence { get; init; } = "";

    /// <summary>templates/governance.yaml (roles, access, classifications); null when absent or invalid.</summary>
    public Model.Governance.GovernanceDeclaration? Governance { get; init; }

    /// <summary>templates/assessment.yaml: the rows of WAF_ALIGNMENT.md; null when not loaded (the report then lists only the checks).</summary>
    public Alignment.AssessmentDeclaration? Assessment { get; init; }

    /// <summary>Every environment file's name (templates/environments), sorted.</summary>
    public IReadOnlyList<string> EnvironmentNames { get; init; } = [];

    /// <summary>The repository's CI pipeline definitions (relative paths), sorted.</summary>
    public IReadOnlyList<string> PipelineFiles { get; init; } = [];

    /// <summary>templates/prices.yaml and templates/cost-assumptions.yaml; null when absent.</summary>
    public (Cost.PriceSheet Prices, Cost.CostAssumptions Assumptions)? CostInputs { get; init; }

    public IEnumerable<SnapshotResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<BundleJob> Jobs => Workspace?.Jobs ?? [];

    /// <summary>What the advisory rules read: the same snapshots, jobs and contracts the documents show.</summary>
    public PolicyInput PolicyInput => new()
    {
        Environment = Environment,
        Lakehouse = Lakehouse,
        Lake = LakeLayout.Of(Lakehouse),
        SnapshotPhases = SnapshotPhases,
        Resources = Resources,
        Workspace = Workspace,
        Contracts = Contracts,
    };
}

/// <summary>Reads a <see cref="LakehouseModel"/> from artifacts/&lt;env&gt; and templates/contracts.</summary>
public static class LakehouseModelLoader
{
    /// <summary>
    /// The record of deployed phases, as the resource group's tags (<c>projectscout-phase&lt;N&gt;</c> →
    /// <c>deployment=..;version=..;commit=..;time=..;run=..</c>) saved by the deploy step. Optional.
    /// </summary>
    public const string DeploymentRecordFile = "deployment-record.json";

    /// <summary>The run's <paramref name="lakehouse"/>, <paramref name="parsedContracts"/> and <paramref name="renderedWorkspace"/> are used when given, not read again.</summary>
    public static LakehouseModel Load(ToolkitLayout layout, EnvironmentDefinition environment, EnvironmentArtifacts artifacts,
        LakehouseDeclaration? lakehouse = null, ContractSet? parsedContracts = null, WorkspaceBundle? renderedWorkspace = null,
        Model.Governance.GovernanceDeclaration? governance = null)
    {
        var problems = new List<Problem>();
        lakehouse ??= LakehouseLoader.Load(layout);
        ContractSet? contracts = parsedContracts is { Tables.Count: > 0 } ? parsedContracts : null;
        if (parsedContracts is null && Directory.Exists(layout.Contracts))
        {
            var (set, found) = new ContractLoader(layout.Contracts, lakehouse.LayerNames, layout.Display).TryLoad();
            problems.AddRange(found);
            contracts = set.Tables.Count > 0 ? set : null;
        }

        var (phases, resources) = LoadSnapshots(artifacts.Snapshots, layout.Display, problems);
        var workspace = renderedWorkspace;
        if (workspace is null && (Directory.Exists(artifacts.Jobs) || Directory.Exists(artifacts.Policies)))
        {
            workspace = WorkspaceBundle.Load(artifacts, environment.Databricks.NotebookRoot);
        }

        var (policy, absence) = LoadInfraPolicy(layout, environment);
        var plans = LoadPlans(artifacts.Plan, problems, layout.Display);
        var deployments = LoadDeployments(Path.Combine(artifacts.Root, DeploymentRecordFile), problems, layout.Display);
        ProblemsException.ThrowIfAny(problems);
        governance ??= GovernanceLoader.TryLoad(layout.Governance, lakehouse.LayerNames, layout.Display).Declaration;
        return new LakehouseModel
        {
            Environment = environment,
            Lakehouse = lakehouse,
            Contracts = contracts,
            SnapshotPhases = phases,
            Resources = resources,
            Workspace = workspace,
            Plans = plans,
            Deployments = deployments,
            InfraPolicy = policy,
            InfraPolicyAbsence = absence,
            Governance = governance,
            Assessment = Alignment.AssessmentLoader.Load(layout.Full(AssessmentRelative), layout.Display),
            EnvironmentNames = new EnvironmentCatalog(layout.Environments).Names,
            PipelineFiles = PipelineFilesIn(layout),
            CostInputs = File.Exists(layout.Full(PricesRelative))
                ? (Cost.PriceSheetLoader.LoadPrices(layout.Full(PricesRelative), layout.Display), Cost.PriceSheetLoader.LoadAssumptions(layout.Full(CostAssumptionsRelative), layout.Display))
                : null,
            UnityCatalog = UnityCatalogDesired.For(environment, lakehouse, governance?.FunctionSchema ?? ""),
        };
    }

    public const string AssessmentRelative = "templates/" + Alignment.AssessmentDeclaration.FileName;
    public const string PricesRelative = "templates/" + Cost.PriceSheet.FileName;
    public const string CostAssumptionsRelative = "templates/" + Cost.CostAssumptions.FileName;

    /// <summary>azure-pipelines.yml and the workflows under .github/workflows, relative to the repository root.</summary>
    private static IReadOnlyList<string> PipelineFilesIn(ToolkitLayout layout)
    {
        var root = layout.Full(".");
        var workflows = Path.Combine(root, ".github", "workflows");
        return Directory.EnumerateFiles(root, "azure-pipelines*.yml")
            .Concat(Directory.Exists(workflows) ? Directory.EnumerateFiles(workflows, "*.yml") : [])
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The results CheckInfraPolicies saved for the environment when they belong to the current compiled artifacts (same
    /// inputs stamp); otherwise the same evaluation over the same artifacts. Never a separate implementation of the rules.
    /// </summary>
    public static (PolicyReport? Report, string Absence) LoadInfraPolicy(ToolkitLayout layout, EnvironmentDefinition environment)
    {
        var service = new InfraPolicyResults(layout);
        var stamp = Path.Combine(layout.For(environment.Name).Infra, InfraBuildService.StampFileName);
        var current = File.Exists(stamp) ? File.ReadAllText(stamp).Trim() : "";
        var saved = service.Load(environment.Name);
        if (saved is not null && current.Length > 0 && saved.InputsHash == current)
        {
            return (saved, "");
        }

        try
        {
            return (service.Evaluate(environment), "");
        }
        catch (ToolkitException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>
    /// Saves the phase-record tags of the environment's resource group to artifacts/&lt;env&gt;/deployment-record.json
    /// (only the projectscout-phase&lt;N&gt; tags, sorted; no tags means no file). Returns how many phases were recorded.
    /// </summary>
    public static int SaveDeploymentRecord(EnvironmentArtifacts artifacts, IReadOnlyDictionary<string, string>? tags)
    {
        var path = Path.Combine(artifacts.Root, DeploymentRecordFile);
        var phaseTags = Model.Infra.InfraPhases.All.Select(p => Deployment.PhaseRecord.TagName(p.Number)).ToHashSet(StringComparer.Ordinal);
        var phases = (tags ?? new Dictionary<string, string>()).Where(t => phaseTags.Contains(t.Key))
            .OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        if (phases.Count == 0)
        {
            File.Delete(path);
            return 0;
        }

        var json = new JsonObject();
        foreach (var (name, value) in phases)
        {
            json[name] = value;
        }

        IO.GeneratedFiles.Write(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return phases.Count;
    }

    public static (IReadOnlyList<int> Phases, IReadOnlyList<SnapshotResource> Resources) LoadSnapshots(string folder, Func<string, string> display, List<Problem> problems)
    {
        var phases = new List<int>();
        var resources = new List<SnapshotResource>();
        foreach (var (phase, file) in PhaseFiles(folder))
        {
            var json = ParseObject(file, problems, display);
            if (json?["predictedResources"] is not JsonArray predicted)
            {
                if (json is not null)
                {
                    problems.Add(new Problem(display(file), 0, 0, "docs.snapshot", "a bicep snapshot has a 'predictedResources' array; rebuild the snapshots"));
                }

                continue;
            }

            phases.Add(phase);
            foreach (var resource in predicted.OfType<JsonObject>())
            {
                resources.Add(SnapshotResource.From(phase, resource));
            }
        }

        return (phases, resources.OrderBy(r => r.Phase).ThenBy(r => r.Type, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Name, StringComparer.Ordinal).ToList());
    }

    private static List<PlanSummary> LoadPlans(string folder, List<Problem> problems, Func<string, string> display)
    {
        var plans = new List<PlanSummary>();
        foreach (var (phase, file) in PhaseFiles(folder))
        {
            if (ParseObject(file, problems, display)?["summary"] is JsonObject summary)
            {
                int Count(string key) => summary[key] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
                plans.Add(new PlanSummary(phase, Count("create"), Count("update"), Count("delete"), Count("noChange")));
            }
        }

        return plans;
    }

    private static List<Deployment.PhaseRecord> LoadDeployments(string file, List<Problem> problems, Func<string, string> display)
    {
        if (!File.Exists(file) || ParseObject(file, problems, display) is not { } json)
        {
            return [];
        }

        // The saved file holds the resource group's phase tags as they were; read them as the deployer does.
        var tags = json.Where(t => t.Value is JsonValue v && v.TryGetValue<string>(out _)).ToDictionary(t => t.Key, t => t.Value!.GetValue<string>(), StringComparer.Ordinal);
        return Model.Infra.InfraPhases.All.Select(p => Deployment.PhaseRecord.Read(tags, p.Number)).OfType<Deployment.PhaseRecord>().ToList();
    }

    private static IEnumerable<(int Phase, string File)> PhaseFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "phase*.json")
            .Select(f => (Ok: int.TryParse(Path.GetFileNameWithoutExtension(f)["phase".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n), Phase: n, File: f))
            .Where(p => p.Ok)
            .OrderBy(p => p.Phase)
            .Select(p => (p.Phase, p.File));
    }

    private static JsonObject? ParseObject(string file, List<Problem> problems, Func<string, string> display)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(file)) as JsonObject;
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem(display(file), (int)(ex.LineNumber ?? -1) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, "docs.json", ex.Message));
            return null;
        }
    }
}
