using System.Reflection;
using ProjectScout.Model.Infra;
using ProjectScout.Toolkit.Infra;

namespace ProjectScout.Toolkit.Tests.Infra.Rules;

/// <summary>Every registered rule has a passing and a failing case in some rule fixture, and ids are unique: a new rule without tests fails here.</summary>
[TestFixture]
public sealed class RuleCoverageTests
{
    /// <summary>Every fixture's static Cases() in this assembly.</summary>
    private static IReadOnlyList<RuleCase> AllCases() => typeof(RuleCoverageTests).Assembly.GetTypes()
        .Select(t => t.GetMethod("Cases", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
        .Where(m => m is not null && m.ReturnType == typeof(IEnumerable<RuleCase>))
        .SelectMany(m => (IEnumerable<RuleCase>)m!.Invoke(null, null)!)
        .ToList();

    [Test]
    public void Every_rule_has_a_passing_and_a_failing_case()
    {
        var cases = AllCases();
        var missing = PolicyEngine.Rules
            .SelectMany(r => new[] { (r.Id, Passes: true), (r.Id, Passes: false) })
            .Where(need => !cases.Any(c => c.RuleId == need.Id && c.Passes == need.Passes))
            .Select(need => $"{need.Id} has no {(need.Passes ? "passing" : "failing")} case")
            .ToList();

        Assert.That(PolicyEngine.Rules, Has.Count.GreaterThanOrEqualTo(49), "the rules are found");
        Assert.That(missing, Is.Empty);
        Assert.That(cases.Select(c => c.RuleId).Distinct().Except(PolicyEngine.Rules.Select(r => r.Id)), Is.Empty, "cases name registered rules");
    }

    [Test]
    public void Rule_ids_are_unique_and_gates_are_the_ones_validate_enforces()
    {
        Assert.That(PolicyEngine.Rules.Select(r => r.Id), Is.Unique);
        Assert.That(PolicyEngine.OfKind(PolicyKind.Advisory).Select(r => r.Id.Split('.')[0]).Distinct(), Is.EquivalentTo(new[] { "adoption", "contracts", "jobs", "lake", "monitoring" }),
            "the documents' checks and the values adopted resources keep are advisory; the infrastructure rules are gates");
        Assert.That(PolicyEngine.Find("infra.single-region")!.Kind, Is.EqualTo(PolicyKind.Gate));
        Assert.That(PolicyEngine.Find("storage.hierarchical-namespace")!.Kind, Is.EqualTo(PolicyKind.Gate));
        Assert.That(PolicyEngine.Find("monitoring.daily-cap")!.Kind, Is.EqualTo(PolicyKind.Advisory), "an environment may run without a cap (dailyCapGb -1)");
    }
}
