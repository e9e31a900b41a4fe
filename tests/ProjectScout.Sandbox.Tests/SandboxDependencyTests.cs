using ProjectScout.Sandbox;

namespace ProjectScout.Sandbox.Tests;

/// <summary>A fake depends on the shared model, never on the client logic it stands in for.</summary>
public sealed class SandboxDependencyTests
{
    [Test]
    public void The_sandbox_references_the_model_and_not_the_toolkit()
    {
        var references = typeof(SandboxServer).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.That(references, Does.Contain("ProjectScout.Model"));
        Assert.That(references, Does.Not.Contain("ProjectScout.Toolkit"));
    }
}
