using ProjectScout.Build.Tasks.Deploy;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Json;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Sandbox.State;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.Deployment.Steps;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// Adopting the original system (sandbox seed "original"): an environment with prod's names stops before any write with
/// one line per conflict; the sandbox refuses what the preflight stops, as Azure does; with the settings that keep
/// today's values the same resources plan, deploy and redeploy with no change. Phase 1's ARM plane only: the adopted
/// resources are all there, and the workspace content is the whole-deploy tests' business.
/// </summary>
[TestFixture]
public sealed class AdoptionDeploymentTests
{
    private const string Target = "adopt";
    private const string Kept = "adoptkept";
    private static readonly DeployPhase ArmOfPhase1 = new(InfraPhases.All[0], [DeployPhases.Arm]);

    private string _root = "";
    private ToolkitLayout _layout = null!;
    private BicepClient _bicep = null!;
    private readonly List<string> _log = [];

    /// <summary>Two environments with prod's resource group and names, one declaring the target design, one keeping today's values; compiled in-process.</summary>
    [OneTimeSetUp]
    public async Task CompileAsync()
    {
        _root = Repository.CopyInputs("adoption");
        _layout = Repository.Layout with { Root = _root };
        var catalog = new EnvironmentCatalog(_layout.Environments, _layout.Display);
        var sandbox = catalog.Load("sandbox");
        var prod = catalog.Load("prod");
        var text = File.ReadAllText(Path.Combine(_layout.Environments, "sandbox.yaml"));
        foreach (var (from, to) in new[]
                 {
                     (sandbox.Azure.ResourceGroup, prod.Azure.ResourceGroup + "\n  resourceGroupMustExist: true"),
                     (sandbox.Names.StorageAccount, prod.Names.StorageAccount),
                     (sandbox.Names.KeyVault, prod.Names.KeyVault),
                     (sandbox.Names.DatabricksWorkspace, prod.Names.DatabricksWorkspace),
                 })
        {
            Assert.That(text, Does.Contain(from));
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        // Merged over the defaults' ownership (the toolkit owns all three).
        text += "\nownership:\n  adoptsExisting: true\n";

        string Named(string name) => text.Replace("name: sandbox\n", $"name: {name}\n", StringComparison.Ordinal)
            .Replace($"catalog: {sandbox.Databricks.Catalog}", $"catalog: insight_pulse_ai_{name}", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_layout.Environments, Target + ".yaml"), Named(Target));
        File.WriteAllText(Path.Combine(_layout.Environments, Kept + ".yaml"), Named(Kept)
            .Replace("storage:\n", "storage:\n  infrastructureEncryption: false\n  allowSharedKeyAccess: true\n", StringComparison.Ordinal)
            .Replace("databricks:\n", "databricks:\n  vnetInjection: false\n", StringComparison.Ordinal) + "keyVault:\n  authorization: accessPolicies\n");

        _bicep = SharedRunResources.BicepClient;
        foreach (var name in new[] { Target, Kept })
        {
            var result = await new InfraBuildService(_layout, _ => null).BuildAsync(catalog.Load(name), () => _bicep);
            Assert.That(result.HasErrors, Is.False, string.Join("\n", result.Diagnostics));
        }
    }

    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Against_the_original_system_a_deploy_stops_with_one_line_per_conflict_and_with_the_kept_values_it_deploys()
    {
        var state = Repository.NewScratchDirectory("adoption-state");
        var catalog = new EnvironmentCatalog(_layout.Environments, _layout.Display);
        var target = catalog.Load(Target);
        var seeded = SandboxSeeds.Load(state, "original", target.Azure.SubscriptionId, target.Azure.TenantId);
        Assert.That(seeded, Has.Some.EndsWith("/resourceGroups/RG-TBWA-ProjectScout-Juicer/providers/Microsoft.Storage/storageAccounts/tbwajuicerstorage"));
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = state, OperationRetryAfterSeconds = 0, TemplateEvaluator = new BicepTemplateEvaluator(() => _bicep) });
        try
        {
            // The target design: four conflicts, one line each, and not one write.
            var stop = Assert.ThrowsAsync<ToolkitException>(() => DeployAsync(server, target));
            var lines = stop!.Message.Split('\n');
            Assert.That(lines[0], Does.StartWith("Phase 1 of 'adopt' would break 4 properties of existing resources; nothing was written:"));
            Assert.That(lines.Skip(1).Take(4).Select(l => l.Trim().Split(' ')[0] + " " + l.Trim().Split(' ')[2].TrimEnd(':')), Is.EqualTo(new[]
            {
                "tbwa-juicer-databricks properties.parameters.customVirtualNetworkId.value",
                "kv-tbwa-juicer-insights2 properties.enableRbacAuthorization",
                "tbwajuicerstorage properties.encryption.requireInfrastructureEncryption",
                "tbwajuicerstorage properties.allowSharedKeyAccess",
            }));
            Assert.That(lines.Skip(1).Take(4), Is.All.Contains("current ").And.All.Contains(", desired ").And.All.Contains("Way out: "));
            Assert.That(stop.Message, Does.Contain("keyVault.authorization: accessPolicies in templates/environments/adopt.yaml"));
            Assert.That(SandboxHarness.Writes(server), Is.Empty);

            // --accept-breaking lets the consumer-breaking ones go, never what Azure refuses.
            var accepted = Assert.ThrowsAsync<ToolkitException>(() => DeployAsync(server, target, ["tbwajuicerstorage", "kv-tbwa-juicer-insights2"]));
            Assert.That(accepted!.Message, Does.StartWith("Phase 1 of 'adopt' would break 2 properties").And.Contain("requireInfrastructureEncryption").And.Contain("customVirtualNetworkId")
                .And.Not.Contain("allowSharedKeyAccess"));

            // A group the environment says must exist is reported, not created.
            var elsewhere = catalog.Load(Target);
            elsewhere.Azure.ResourceGroup = "RG-TBWA-ProjectScout-Juicr";
            var missing = Assert.ThrowsAsync<ToolkitException>(() => DeployAsync(server, elsewhere));
            Assert.That(missing!.Message, Does.StartWith("Resource group 'RG-TBWA-ProjectScout-Juicr' does not exist").And.Contain("az group create --name RG-TBWA-ProjectScout-Juicr --location eastus2"));
            Assert.That(SandboxHarness.Writes(server), Is.Empty);

            // Without the preflight, the sandbox refuses the create-only changes as Azure does, and writes none of them.
            var withoutPreflight = new DeployPipeline(DeployPipeline.Default.Steps.Where(s => s is not CheckAdoption).ToList());
            var refused = Assert.CatchAsync(() => DeployAsync(server, target, pipeline: withoutPreflight));
            Assert.That(refused!.Message, Does.Contain("AccountPropertyCannotBeUpdated")
                .And.Contain("The property 'requireInfrastructureEncryption' was specified in the input, but it cannot be updated as it is read-only.")
                .And.Contain("VirtualNetworkIdChangeNotAllowed"));

            // The settings that keep today's values: the preflight passes, the phase deploys over the original resources, a redeploy changes nothing.
            var kept = catalog.Load(Kept);
            var outcome = await DeployAsync(server, kept);
            Assert.That((outcome.Applied, outcome.Recorded), Is.EqualTo((true, true)));
            Assert.That(_log, Has.Some.StartsWith("Adoption preflight: 3 existing resource(s) of phase 1 read; no conflicting property."));
            var group = $"/subscriptions/{kept.Azure.SubscriptionId}/resourceGroups/{kept.Azure.ResourceGroup}/providers";
            var account = await GetAsync(server, $"{group}/Microsoft.Storage/storageAccounts/tbwajuicerstorage");
            Assert.That((JsonPath.Get(account, "properties.allowSharedKeyAccess")?.GetValue<bool>(), JsonPath.Get(account, "properties.encryption.requireInfrastructureEncryption")), Is.EqualTo((true, (object?)null)));
            Assert.That(JsonPath.Get(await GetAsync(server, $"{group}/Microsoft.KeyVault/vaults/kv-tbwa-juicer-insights2"), "properties.enableRbacAuthorization")?.GetValue<bool>(), Is.False);
            Assert.That(JsonPath.Get(await GetAsync(server, $"{group}/Microsoft.Databricks/workspaces/tbwa-juicer-databricks"), "properties.parameters.customVirtualNetworkId"), Is.Null);

            var again = await DeployAsync(server, kept, whatIf: true);
            Assert.That(again.Plan.HasChanges, Is.False, string.Join("\n", again.Plan.Changes.Where(c => c.Action != ChangeAction.NoChange).Select(c => $"{c.Action} {c.Kind} {c.Name}")));
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(state, recursive: true);
        }
    }

    private async Task<PhaseOutcome> DeployAsync(SandboxServer server, EnvironmentDefinition environment, IReadOnlyList<string>? acceptBreaking = null, bool whatIf = false, DeployPipeline? pipeline = null)
    {
        using var deployer = new PhaseDeployer(SandboxSession.For(server, environment, rateLimit: 200), _layout.For(environment.Name), new DeployOptions
        {
            Owner = "adoption-test",
            WhatIf = whatIf,
            Commit = "test",
            Version = "0.0.0-test",
            AcceptBreaking = acceptBreaking ?? [],
            Lock = new LockSettings { Wait = TimeSpan.FromSeconds(30), Poll = TimeSpan.FromMilliseconds(200), Settle = TimeSpan.FromMilliseconds(200) },
        }, line => { lock (_log) { _log.Add(line); } }, path => path);
        return await (pipeline ?? DeployPipeline.Default).RunAsync(new PhaseDeployState(deployer.Connection, ArmOfPhase1));
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> GetAsync(SandboxServer server, string id)
    {
        using var client = server.CreateClient(SandboxService.Arm);
        return System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"{id.TrimStart('/')}?api-version=2025-01-01"))!;
    }
}
