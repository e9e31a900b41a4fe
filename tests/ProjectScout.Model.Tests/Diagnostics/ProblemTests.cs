using ProjectScout.Model.Diagnostics;

namespace ProjectScout.Model.Tests.Diagnostics;

public sealed class ProblemTests
{
    [Test]
    public void Problems_print_in_compiler_form()
    {
        Assert.That(new Problem("env/dev.yaml", 3, 0, "env.sku", "bad").ToString(), Is.EqualTo("env/dev.yaml(3,1) env.sku: bad"));
        Assert.That(new Problem("env/dev.yaml", 0, 0, "env.sku", "bad", Severity.Warning).ToString(), Is.EqualTo("env/dev.yaml warning env.sku: bad"));
    }

    [Test]
    public void Only_errors_throw_and_the_exception_lists_every_problem()
    {
        Assert.DoesNotThrow(() => ProblemsException.ThrowIfAny([new Problem("f", 1, 1, "w", "warn", Severity.Warning)]));

        var thrown = Assert.Throws<ProblemsException>(() => ProblemsException.ThrowIfAny([new Problem("f", 1, 1, "a", "one"), new Problem("f", 2, 1, "b", "two")]));

        Assert.That(thrown!.Message, Is.EqualTo("2 problems:\n  f(1,1) a: one\n  f(2,1) b: two"));
        Assert.That(thrown.Problems, Has.Count.EqualTo(2));
    }
}
