using ProjectScout.Model.Contracts;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Governance;
using ProjectScout.Model.Lakehouse;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Configuration;
using ProjectScout.Toolkit.Contracts;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Governance;
using ProjectScout.Toolkit.Lakehouse;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Release;

namespace ProjectScout.Toolkit.Steps;

/// <summary>
/// What one run knows, filled once and handed from step to step: every environment (loaded and validated once), the
/// contracts (parsed once), and per environment its typed build results. Steps read and update it; nothing re-reads
/// a file another step wrote when the result is here.
/// </summary>
public sealed class BuildState
{
    private readonly Lazy<LakehouseDeclaration> _lakehouse;
    private readonly Lazy<ContractSet> _contracts;
    private readonly Lazy<GovernanceDeclaration> _governance;
    private IReadOnlyList<EnvironmentState>? _environments;

    public BuildState(ToolkitLayout layout, RunSettings settings, IRunLog log, Func<BicepClient> bicep)
    {
        Layout = layout;
        Settings = settings;
        Log = log;
        Bicep = bicep;
        _lakehouse = new(() => LakehouseLoader.Load(layout));
        _contracts = new(() => new ContractLoader(layout.Contracts, Lakehouse.LayerNames, layout.Display).Load());
        _governance = new(() => GovernanceLoader.Load(layout.Governance, Lakehouse.LayerNames, layout.Display));
    }

    public ToolkitLayout Layout { get; }

    public RunSettings Settings { get; }

    public IRunLog Log { get; }

    /// <summary>The run's one Bicep process, started by its owner on first use.</summary>
    public Func<BicepClient> Bicep { get; }

    /// <summary>The plans of the phases this run deployed or previewed, in order (exit code, --plan-out, --output=json).</summary>
    public List<Deployment.PhasePlan> Plans { get; } = [];

    /// <summary>How many environment files this state parsed and validated: once each per run.</summary>
    public int EnvironmentLoads { get; private set; }

    /// <summary>Every environment under templates/environments, sorted by name; <see cref="LoadEnvironments"/> fills it.</summary>
    public IReadOnlyList<EnvironmentState> Environments =>
        _environments ?? throw new InvalidOperationException("The environments are loaded in Setup; no step runs before it.");

    /// <summary>The environment the run targets (--environment).</summary>
    public EnvironmentState Target => Environments.Single(e => e.Name == Settings.EnvironmentName);

    /// <summary>The target's definition; throws its problems (file:line) when its file is invalid.</summary>
    public EnvironmentDefinition TargetEnvironment => Target.Definition;

    /// <summary>The table contracts under templates/contracts, parsed and checked on first use, once per run.</summary>
    public ContractSet Contracts => _contracts.Value;

    /// <summary>templates/lakehouse.yaml (layers, cluster profiles, lake containers), loaded and checked on first use, once per run.</summary>
    public LakehouseDeclaration Lakehouse => _lakehouse.Value;

    /// <summary>templates/governance.yaml (roles, access, classifications, free-text patterns), loaded and checked on first use, once per run.</summary>
    public GovernanceDeclaration Governance => _governance.Value;

    /// <summary>The release <c>VerifyRelease</c> checked and extracted with --from-release; null otherwise.</summary>
    public VerifiedRelease? Release { get; set; }

    /// <summary>Parses and validates every environment file once; an invalid one keeps its problems for the steps to report.</summary>
    public void LoadEnvironments()
    {
        if (_environments is not null)
        {
            return;
        }

        var catalog = new EnvironmentCatalog(Layout.Environments, Layout.Display, () => Lakehouse.ClusterProfiles.Select(p => p.Key).ToList());
        _environments = catalog.LoadAll().Select(loaded =>
        {
            EnvironmentLoads++;
            return new EnvironmentState(loaded.Name, loaded.Definition, loaded.Problems, Layout.For(loaded.Name));
        }).ToList();
    }

    public EnvironmentState this[string name] => Environments.Single(e => e.Name == name);
}
