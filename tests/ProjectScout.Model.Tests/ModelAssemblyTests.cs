using ProjectScout.Model.Azure;

namespace ProjectScout.Model.Tests;

/// <summary>The model is shared by the toolkit, the host and the sandbox: it must stay free of their dependencies.</summary>
public sealed class ModelAssemblyTests
{
    [Test]
    public void The_model_references_only_the_runtime_and_YamlDotNet()
    {
        var references = typeof(ResourceId).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.That(references.Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name is not "netstandard" and not "YamlDotNet"), Is.Empty,
            "no Cake, ASP.NET, Azure SDK or toolkit in the model");
    }
}
