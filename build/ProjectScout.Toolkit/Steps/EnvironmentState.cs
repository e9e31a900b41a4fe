using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;
using ProjectScout.Toolkit.Rendering;
using ProjectScout.Toolkit.Workspace;

namespace ProjectScout.Toolkit.Steps;

/// <summary>One environment of the run: its definition as loaded once, and the typed results each step adds.</summary>
public sealed class EnvironmentState(string name, EnvironmentDefinition? definition, IReadOnlyList<Problem> loadProblems, EnvironmentArtifacts artifacts)
{
    public string Name { get; } = name;

    /// <summary>Every problem of the environment file (file:line); errors leave <see cref="Definition"/> unusable.</summary>
    public IReadOnlyList<Problem> LoadProblems { get; } = loadProblems;

    public bool IsValid => definition is not null && !LoadProblems.Any(p => p.Severity == Severity.Error);

    /// <summary>The validated definition; throws the file's problems when it is invalid.</summary>
    public EnvironmentDefinition Definition
    {
        get
        {
            ProblemsException.ThrowIfAny(LoadProblems);
            return definition!;
        }
    }

    public EnvironmentArtifacts Artifacts { get; } = artifacts;

    /// <summary>Set by the infra build: compiled templates, parameters and snapshots (or why nothing was rebuilt).</summary>
    public InfraBuildResult? Infra { get; set; }

    /// <summary>Set by the policy check: every result, passes and failures.</summary>
    public IReadOnlyList<PolicyCheckResult>? Policies { get; set; }

    /// <summary>Set by the render: what was rendered or skipped.</summary>
    public RenderSummary? Render { get; set; }

    /// <summary>Set by the first deploy phase of a run that found the artifacts validated (<see cref="ValidationStamp"/>): checked once per run.</summary>
    public bool DeployableInputsChecked { get; set; }

    /// <summary>Set by the render: the rendered notebooks, jobs and policies, typed, for validation, deploy and docs.</summary>
    public WorkspaceBundle? Workspace { get; set; }
}
