using System.Text.Json.Nodes;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>The plan people review: old → new values, drift, orphaned resources, complete mode, 120 columns.</summary>
public partial class PhaseDeploymentTests
{
    private const string OrphanName = "tbwaorphanedstore";

    /// <summary>
    /// Changes made outside the toolkit after phase 1: the lake storage account's access tier set to Cool, one more
    /// storage account nobody declares (one side deployment), and a job's max_concurrent_runs set to 9 by hand.
    /// </summary>
    private async Task<(string StorageName, string JobKey)> ChangeOutsideTheToolkitAsync(PhaseDeployer deployer)
    {
        var scope = new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup);
        var lake = PhaseInputs.Load(_artifacts, "sandbox", 1, p => p).Predicted.First(r => AzureResourceTypes.StorageAccounts.Is(r.Type));
        var edited = (JsonObject)lake.Body.DeepClone();
        edited.Remove("id");
        edited["properties"]!["accessTier"] = "Cool";
        var orphan = (JsonObject)edited.DeepClone();
        orphan["name"] = OrphanName;
        orphan["properties"] = new JsonObject { ["accessTier"] = "Hot" };
        var template = new JsonObject
        {
            ["$schema"] = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            ["contentVersion"] = "1.0.0.0",
            ["resources"] = new JsonArray(edited, orphan),
        };
        await deployer.Arm.DeployAsync(scope, "changed-by-hand", template, new JsonObject());

        using var client = SandboxHarness.Client(_server);
        var jobs = await SandboxHarness.ManagedJobsAsync(client);
        var key = jobs.First().Key;
        var id = jobs[key].Single();
        var settings = (await client.GetJobAsync(id))!["settings"]!.AsObject();
        settings["max_concurrent_runs"] = 9;
        await client.ResetJobAsync(id, settings);
        return (lake.Name, key);
    }

    [Test]
    public async Task A_changed_property_and_a_hand_edited_job_show_old_to_new_as_drift_and_an_undeclared_resource_is_orphaned()
    {
        using (var deployer = Deployer())
        {
            Assert.That((await deployer.DeployAsync(1)).Recorded, Is.True);
            var (storage, job) = await ChangeOutsideTheToolkitAsync(deployer);
            _log.Clear();

            using var preview = Deployer(whatIf: true);
            var plan = (await preview.DeployAsync(1)).Plan;

            var lake = plan.Changes.Single(c => c.Plane == "arm" && c.Action == ChangeAction.Update);
            Assert.That((lake.ShortKind, lake.Name, lake.Drift), Is.EqualTo(("storageAccounts", storage, DriftKinds.Edited)));
            Assert.That(lake.Id, Does.StartWith("/subscriptions/"));
            Assert.That(lake.Attributes, Does.Contain(new AttributeChange("properties.accessTier", "\"Cool\"", "\"Hot\"")));
            var edited = plan.Changes.Single(c => c.Kind == "job" && c.Action == ChangeAction.Update);
            Assert.That((edited.Name, edited.Drift), Is.EqualTo((job, DriftKinds.Edited)));
            Assert.That(edited.Attributes, Is.EqualTo(new[] { new AttributeChange("max_concurrent_runs", "9", "1") }));
            Assert.That(plan.Orphaned.Select(o => (o.ShortKind, o.Name)), Is.EqualTo(new[] { ("storageAccounts", OrphanName) }));
            Assert.That(plan.HasChanges, Is.True);

            // The console: short names, old → new under each update, drift labelled, orphans with what happens to them; ≤ 120 columns.
            Assert.That(_log, Has.Some.Match($@"^update\s+arm\s+storageAccounts\s+{storage}\s+\[drift: changed outside the toolkit\]$"));
            Assert.That(_log, Has.Some.EqualTo("          ~ properties.accessTier: \"Cool\" → \"Hot\""));
            Assert.That(_log, Has.Some.Match($@"^update\s+databricks\s+job\s+{job}\s+\[drift"));
            Assert.That(_log, Has.Some.EqualTo("          ~ max_concurrent_runs: 9 → 1"));
            Assert.That(_log, Has.Some.Match($@"^orphaned\s+arm\s+storageAccounts\s+{OrphanName}$"));
            Assert.That(_log, Has.Some.Contains("Incremental mode leaves them in place").And.Some.Contains("--complete=true"));
            Assert.That(_log.Where(l => l.Length > PlanText.Width), Is.Empty);
            Assert.That(_log.Where(l => l.Contains("/subscriptions/", StringComparison.Ordinal)), Is.Empty, "long ids go to the JSON only");

            // The JSON and the Markdown carry the same.
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_artifacts.Plan, "phase1.json")))!;
            var lakeJson = json["changes"]!.AsArray().Single(c => (string)c!["name"]! == storage)!;
            Assert.That((string?)lakeJson["drift"], Is.EqualTo(DriftKinds.Edited));
            Assert.That(lakeJson["attributes"]!.AsArray().Any(a => (string)a!["path"]! == "properties.accessTier" && (string)a["old"]! == "\"Cool\"" && (string)a["new"]! == "\"Hot\""));
            Assert.That((string)json["orphaned"]![0]!["name"]!, Is.EqualTo(OrphanName));
            Assert.That((int)json["summary"]!["drift"]!, Is.EqualTo(2));
            var markdown = File.ReadAllText(Path.Combine(_artifacts.Plan, "phase1.md"));
            Assert.That(markdown, Does.Contain("`~ max_concurrent_runs: 9 → 1`").And.Contain("drift: changed outside the toolkit").And.Contain("### Orphaned (1)"));
        }

        // Complete mode deletes the orphan, but a storage account is stateful: refused without --allow-delete.
        using (var complete = Deployer(adjust: o => o with { Complete = true }))
        {
            var refused = Assert.ThrowsAsync<ToolkitException>(() => complete.DeployAsync(1));
            Assert.That(refused!.Message, Does.Contain(OrphanName).And.Contain("--allow-delete=true"));
        }

        using (var complete = Deployer(adjust: o => o with { Complete = true, AllowDelete = true }))
        {
            var outcome = await complete.DeployAsync(1);
            Assert.That(outcome.Plan.Changes.Single(c => c.Action == ChangeAction.Delete).Name, Is.EqualTo(OrphanName));
            Assert.That(outcome.Recorded, Is.True);
        }

        using var again = Deployer(whatIf: true);
        var after = (await again.DeployAsync(1)).Plan;
        Assert.That(after.Orphaned, Is.Empty, "the orphan was deleted");
        Assert.That(after.HasChanges, Is.False, "drift repaired");
    }

    [Test]
    public void A_fresh_plan_shows_short_names_within_120_columns()
    {
        using var deployer = Deployer(whatIf: true);
        var plan = deployer.DeployAsync(1).GetAwaiter().GetResult().Plan;
        var lines = plan.ToConsoleLines();
        Assert.That(lines.Where(l => l.Length > PlanText.Width), Is.Empty);
        Assert.That(lines.Where(l => l.Contains("/subscriptions/", StringComparison.Ordinal) || l.Contains("[resourceId(", StringComparison.Ordinal)), Is.Empty);
        Assert.That(lines, Has.Some.Match(@"^create\s+arm\s+storageAccounts\s+tbwajuicerstgsbx$"));
        Assert.That(lines, Has.Some.Match(@"^create\s+databricks\s+job\s+\S+"));
    }

    [Test]
    public void Unresolved_expressions_show_their_resolved_parts_and_match_live_names()
    {
        const string name = "[format('{0}/{1}', format('privatelink.blob.{0}', environment().suffixes.storage), 'link-juicer-vnet-sbx')]";
        Assert.That(ArmDisplayNames.Resolve(name), Is.EqualTo("privatelink.blob.<suffixes.storage>/link-juicer-vnet-sbx"));
        Assert.That(ArmDisplayNames.Pattern(name).IsMatch("privatelink.blob.core.windows.net/link-juicer-vnet-sbx"), Is.True);
        Assert.That(ArmDisplayNames.Pattern(name).IsMatch("privatelink.dfs.core.windows.net/link-juicer-vnet-sbx"), Is.False);
        Assert.That(ArmDisplayNames.Resolve("tbwajuicerstgsbx"), Is.EqualTo("tbwajuicerstgsbx"));
        Assert.That(ArmDisplayNames.Resolve("[resourceId('s', 'rg', 'Microsoft.Network/privateDnsZones', format('privatelink.dfs.{0}', environment().suffixes.storage))]"),
            Is.EqualTo("privatelink.dfs.<suffixes.storage>"));
        Assert.That(ArmDisplayNames.Resolve("[resourceId('s', 'rg', 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', filter(split('a/b', '/'), lambda('x', true))[0], 'l')]"),
            Is.EqualTo("<filter()>/l"));
    }
}
