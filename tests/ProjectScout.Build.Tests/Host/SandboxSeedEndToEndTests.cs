namespace ProjectScout.Build.Tests.Host;

/// <summary>SandboxReset --seed=original from the command line: the original system's resources are there before any deploy.</summary>
public sealed class SandboxSeedEndToEndTests
{
    [Test]
    public async Task SandboxReset_with_the_original_seed_loads_the_original_group_and_its_three_resources()
    {
        var root = Repository.CopyInputs("sandbox-seed");
        try
        {
            var stale = Path.Combine(root, "artifacts", "sandbox", "state", "databricks.json");
            Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
            File.WriteAllText(stale, "{}");

            var result = await HostProcess.RunAsync(root, "--target=SandboxReset", "--seed=original");

            Assert.That(result.ExitCode, Is.EqualTo(0), result.All);
            Assert.That(File.Exists(stale), Is.False, "the reset comes first");
            Assert.That(result.Out, Does.Contain("Seeded the sandbox with 'original'"));
            var state = File.ReadAllText(Path.Combine(root, "artifacts", "sandbox", "state", "arm.json"));
            Assert.That(state, Does.Contain("/resourceGroups/RG-TBWA-ProjectScout-Juicer/providers/Microsoft.Storage/storageAccounts/tbwajuicerstorage")
                .And.Contain("/providers/Microsoft.KeyVault/vaults/kv-tbwa-juicer-insights2")
                .And.Contain("/providers/Microsoft.Databricks/workspaces/tbwa-juicer-databricks")
                .And.Contain("\"enableRbacAuthorization\": false"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
