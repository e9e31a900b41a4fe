using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>Resources the environment does not own are not created; unchanged inputs are not rebuilt.</summary>
[TestFixture]
public sealed class InfraOwnershipAndStampTests
{
    [Test]
    public async Task Unowned_resources_are_referenced_not_created_and_a_rerun_is_skipped_until_an_input_changes()
    {
        var root = Repository.CopyInputs("infra-ownership");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            var envFile = Path.Combine(layout.Environments, "sandbox.yaml");
            var text = File.ReadAllText(envFile);
            // The defaults own all three; the sandbox's own ownership overrides them.
            text += "\nownership:\n  databricksWorkspace: false\n  storageAccount: false\n  keyVault: false\n";
            Assert.That(text, Does.Contain("databricksWorkspace: false"));
            File.WriteAllText(envFile, text);
            var catalog = new EnvironmentCatalog(layout.Environments, layout.Display);
            var env = catalog.Load("sandbox");
            var service = new InfraBuildService(layout, _ => null);

            var first = await service.BuildAsync(env, () => SharedBicep.Client);
            var second = await service.BuildAsync(env, () => throw new AssertionException("an up-to-date build must not start Bicep"));
            var hash = service.InputsHash(env);
            File.AppendAllText(Path.Combine(layout.Environments, "defaults.yaml"), "\n# touched\n");
            Assert.That(service.InputsHash(env), Is.Not.EqualTo(hash), "the defaults are an input of every environment");
            File.AppendAllText(envFile, "\n# touched\n");
            var third = await service.BuildAsync(catalog.Load("sandbox"), () => SharedBicep.Client);

            var phase1 = BicepClient.ParseSnapshot(File.ReadAllText(first.Phases[0].Snapshot));
            Assert.Multiple(() =>
            {
                Assert.That(first.HasErrors, Is.False, string.Join("\n", first.Diagnostics));
                Assert.That(phase1.OfType("Microsoft.Storage/storageAccounts"), Is.Empty);
                Assert.That(phase1.OfType("Microsoft.KeyVault/vaults"), Is.Empty);
                Assert.That(phase1.OfType("Microsoft.Databricks/workspaces"), Is.Empty);
                // Still watched: the capacity alert targets the existing account by id.
                Assert.That((string?)phase1.OfType("Microsoft.Insights/metricAlerts").Single()["properties"]!["scopes"]![0], Does.EndWith("/storageAccounts/tbwajuicerstgsbx"));
                Assert.That((string?)phase1.Outputs["databricksWorkspaceUrl"], Is.EqualTo(env.Databricks.Host));
                Assert.That(second.Skipped, Is.True);
                Assert.That(third.Skipped, Is.False);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
