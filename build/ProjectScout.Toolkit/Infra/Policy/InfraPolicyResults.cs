using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Infra;

public sealed class InfraPolicyResults(ToolkitLayout layout)
{
    public string ResultsPath(string environment) => Path.Combine(layout.For(environment).Infra, InfraPhases.PolicyResultsFileName);

    public IReadOnlyList<PolicyCheckResult> EvaluateAndSave(EnvironmentDefinition env) => [];
}

public sealed record PolicyCheckResult(string RuleId, bool Passed)
{
    public Diagnostics.Problem ToProblem() => new("x", 0, 0, RuleId, "");
}
