using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>
/// One rule over one small input that must pass, or must fail saying <see cref="FailureSays"/>. Each rule fixture lists its
/// cases in a static <c>Cases()</c>; <see cref="RuleCoverageTests"/> requires a passing and a failing case for every rule.
/// </summary>
public sealed record RuleCase(string RuleId, bool Passes, string Description, Func<PolicyInput> Input, string FailureSays = "")
{
    public static RuleCase Pass(string ruleId, string description, Func<PolicyInput> input) => new(ruleId, true, description, input);

    public static RuleCase Fail(string ruleId, string description, string failureSays, Func<PolicyInput> input) => new(ruleId, false, description, input, failureSays);

    public override string ToString() => $"{RuleId} {(Passes ? "passes" : "fails")}: {Description}";

    public static IEnumerable<TestCaseData> Data(IEnumerable<RuleCase> cases) => cases.Select(c => new TestCaseData(c).SetName(c.ToString()));

    public void Verify()
    {
        var rule = PolicyEngine.Find(RuleId) ?? throw new AssertionException($"no rule '{RuleId}' is registered");
        var results = rule.Evaluate(Input()).ToList();

        Assert.That(results, Is.Not.Empty, "the fragment gives the rule something to evaluate");
        Assert.That(results.Select(r => (r.RuleId, r.Pillar)), Is.All.EqualTo((rule.Id, rule.Pillar)));
        if (Passes)
        {
            Assert.That(results.Where(r => !r.Passed).Select(r => r.ToProblem().ToString()), Is.Empty);
        }
        else
        {
            Assert.That(results.Where(r => !r.Passed).Select(r => r.Evidence), Has.Some.Contains(FailureSays));
        }
    }
}
