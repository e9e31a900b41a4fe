using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>Bicep errors are reported once, at the .bicep line to change, never at the compiled template or snapshot.</summary>
[TestFixture]
public sealed class BicepErrorLocationTests
{
    private string _root = null!;
    private ToolkitLayout _layout = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Repository.CopyInputs("bicep-error-location");
        _layout = new ToolkitLayout { Root = _root };
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task An_error_raised_only_when_the_phase_is_evaluated_is_reported_once_at_the_resource_declaration()
    {
        // Compiles (int() of a string is valid Bicep) and fails only in the snapshot, where ARM names a compiled JSON line.
        var module = Path.Combine(_layout.Infra, "modules", "storage-account.bicep");
        var text = File.ReadAllText(module);
        File.WriteAllText(module, text.Replace("minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: string(int(resourceGroup().name))"));
        var declaration = text[..text.IndexOf("resource account 'Microsoft.Storage/storageAccounts@", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var env = new EnvironmentCatalog(_layout.Environments, _layout.Display).Load("sandbox");
        var result = await new InfraBuildService(_layout, _ => null).BuildAsync(env, () => SharedBicep.Client);

        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", result.Diagnostics));
        Assert.That(errors[0].File, Is.EqualTo("templates/infra/modules/storage-account.bicep"));
        Assert.That(errors[0].Line, Is.EqualTo(declaration));
        Assert.That(errors[0].Message, Does.Contain("resource 'account' (Microsoft.Storage/storageAccounts)").And.Contain("'int' cannot convert"));
        Assert.That(errors[0].Message, Does.Not.Contain("at line '"), "no compiled-template line");
    }
}
