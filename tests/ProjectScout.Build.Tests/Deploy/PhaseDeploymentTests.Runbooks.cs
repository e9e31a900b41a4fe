using System.Text.Json.Nodes;
using System.Text;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Deployment;

namespace ProjectScout.Build.Tests.Deploy;

/// <summary>
/// Runbook publication (docs/infrastructure.md, D3): phase 2 uploads and publishes the runbook text from the artifacts,
/// plans it by published-content hash, and the sandbox refuses a job schedule whose runbook is not published.
/// </summary>
public partial class PhaseDeploymentTests
{
    private const string RunbookWrites = "arm/runbooks/";

    private IReadOnlyList<string> RunbookNames() =>
        RunbookPublisher.DeclaredNames(PhaseInputs.Load(_artifacts, "sandbox", 2, p => p).Template);

    private string AutomationAccountId =>
        $"/subscriptions/{_environment.Azure.SubscriptionId}/resourceGroups/{_environment.Azure.ResourceGroup}/providers/Microsoft.Automation/automationAccounts/{_environment.Names.AutomationAccount}";

    /// <summary>Runbook uploads and publishes (PUT draft/content, POST publish) since <paramref name="after"/>.</summary>
    private IReadOnlyList<string> RunbookWritesSince(long after) =>
        _server.Requests.Entries.Where(e => e.Sequence > after && e.Method != "GET" && e.Operation.StartsWith(RunbookWrites, StringComparison.Ordinal))
            .Select(e => $"{e.Operation} {e.Path[..e.Path.IndexOf('?')][(e.Path.IndexOf("/runbooks/", StringComparison.Ordinal) + "/runbooks/".Length)..]}")
            .ToList();

    [Test]
    public async Task Phase_2_publishes_the_artifact_runbooks_a_redeploy_writes_none_and_an_edited_runbook_is_republished()
    {
        // The infra build copied templates/infra/runbooks byte for byte; the deployer reads only the copies.
        var templates = Directory.GetFiles(Path.Combine(_root, "templates", "infra", "runbooks"), "*.ps1").Select(Path.GetFileName).Order().ToList();
        Assert.That(Directory.GetFiles(_artifacts.Runbooks).Select(Path.GetFileName).Order(), Is.EqualTo(templates));
        foreach (var name in templates)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(_artifacts.Runbooks, name!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_root, "templates", "infra", "runbooks", name!))));
        }

        var names = RunbookNames();
        Assert.That(names, Is.EquivalentTo(new[] { "RotateStorageAccountKeys", "CheckThirdPartySecretExpiry" }));
        using var deployer = Deployer();
        await deployer.DeployAsync(1);
        var first = await deployer.DeployAsync(2);
        var planned = first.Plan.Changes.Where(c => c.Kind == RunbookPublisher.Kind).ToList();
        Assert.That(planned.Select(c => (c.Action, c.Name)), Is.EquivalentTo(names.Select(n => (ChangeAction.Create, $"{_environment.Names.AutomationAccount}/{n}"))));
        foreach (var name in names)
        {
            var published = await deployer.Arm.GetPublishedRunbookContentAsync(AutomationAccountId, name, RunbookPublisher.ApiVersion);
            Assert.That(published, Is.EqualTo(File.ReadAllBytes(Path.Combine(_artifacts.Runbooks, name + ".ps1"))), name);
            var runbook = await deployer.Arm.GetRunbookAsync(AutomationAccountId, name, RunbookPublisher.ApiVersion);
            Assert.That(runbook!["properties"]!["state"]!.ToString(), Is.EqualTo("Published"), name);
        }

        // Second DeployPhase2: every runbook no-change, no write at all.
        var before = SandboxHarness.LastSequence(_server);
        var again = await deployer.DeployAsync(2);
        Assert.That(again.Plan.Changes.Where(c => c.Kind == RunbookPublisher.Kind).Select(c => c.Action), Is.EqualTo(new[] { ChangeAction.NoChange, ChangeAction.NoChange }));
        Assert.That(again.Plan.HasChanges, Is.False);
        Assert.That(SandboxHarness.Writes(_server, before), Is.Empty);
        var planFile = JsonNode.Parse(File.ReadAllText(Path.Combine(_artifacts.Plan, "phase2.json")))!;
        Assert.That(planFile["changes"]!.AsArray().Count(c => c!["kind"]!.ToString() == "runbook" && c["action"]!.ToString() == "no-change"), Is.EqualTo(2));

        // An edited runbook: --what-if shows one update and uploads nothing; the deploy republishes only that one.
        var edited = Path.Combine(_artifacts.Runbooks, "RotateStorageAccountKeys.ps1");
        var original = File.ReadAllBytes(edited);
        try
        {
            File.WriteAllBytes(edited, [.. original, .. Encoding.UTF8.GetBytes("# reviewed change\n")]);
            before = SandboxHarness.LastSequence(_server);
            using (var whatIf = Deployer(whatIf: true))
            {
                var preview = await whatIf.DeployAsync(2);
                var update = preview.Plan.Changes.Where(c => c.Action != ChangeAction.NoChange).ToList();
                Assert.That(update.Select(c => (c.Kind, c.Action, c.Name)), Is.EqualTo(new[] { (RunbookPublisher.Kind, ChangeAction.Update, $"{_environment.Names.AutomationAccount}/RotateStorageAccountKeys") }));
                Assert.That(SandboxHarness.Writes(_server, before), Is.Empty, "--what-if uploads nothing");
            }

            var repaired = await deployer.DeployAsync(2);
            Assert.That(repaired.Recorded, Is.True);
            Assert.That(RunbookWritesSince(before), Is.EqualTo(new[] { "arm/runbooks/draftcontent RotateStorageAccountKeys/draft/content", "arm/runbooks/publish RotateStorageAccountKeys/publish" }));
            Assert.That(await deployer.Arm.GetPublishedRunbookContentAsync(AutomationAccountId, "RotateStorageAccountKeys", RunbookPublisher.ApiVersion), Is.EqualTo(File.ReadAllBytes(edited)));
            Assert.That((await deployer.DeployAsync(2)).Plan.HasChanges, Is.False);
        }
        finally
        {
            File.WriteAllBytes(edited, original);
        }

        // The artifact is back to the reviewed text, the environment still runs the edit: Verify names the runbook.
        var failure = Assert.ThrowsAsync<ToolkitException>(() => deployer.VerifyRecordedAsync());
        Assert.That(failure!.Message, Does.Contain($"runbook {_environment.Names.AutomationAccount}/RotateStorageAccountKeys: published content sha256").And.Contain("expected"));
    }

    [Test]
    public async Task Job_schedules_link_only_published_runbooks()
    {
        // Phase 2's ARM template on its own leaves the runbooks as drafts without content (what ARM alone can do).
        using var deployer = Deployer();
        await deployer.DeployAsync(1);
        var scope = new ResourceGroupScope(_environment.Azure.SubscriptionId, _environment.Azure.ResourceGroup);
        var phase2 = PhaseInputs.Load(_artifacts, "sandbox", 2, p => p);
        var phase3 = PhaseInputs.Load(_artifacts, "sandbox", 3, p => p);
        await deployer.Arm.DeployAsync(scope, phase2.DeploymentName, phase2.Template, phase2.Parameters);
        var api = RunbookPublisher.ApiVersion;
        Assert.That((await deployer.Arm.GetRunbookAsync(AutomationAccountId, "RotateStorageAccountKeys", api))!["properties"]!["state"]!.ToString(), Is.EqualTo("New"));
        Assert.That(await deployer.Arm.GetPublishedRunbookContentAsync(AutomationAccountId, "RotateStorageAccountKeys", api), Is.Null);
        using (var http = _server.CreateClient(SandboxService.Arm))
        {
            var response = await http.GetAsync($"{AutomationAccountId}/runbooks/RotateStorageAccountKeys/content?api-version={api}");
            Assert.That((int)response.StatusCode, Is.EqualTo(404));
            Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.ToString(), Is.EqualTo("NotFound"));
        }

        // One published, one only uploaded (state Edit): phase 3 fails on the unpublished one and links nothing.
        var rotate = File.ReadAllBytes(Path.Combine(_artifacts.Runbooks, "RotateStorageAccountKeys.ps1"));
        await deployer.Arm.ReplaceRunbookDraftAsync(AutomationAccountId, "RotateStorageAccountKeys", rotate, api);
        await deployer.Arm.PublishRunbookAsync(AutomationAccountId, "RotateStorageAccountKeys", api);
        await deployer.Arm.ReplaceRunbookDraftAsync(AutomationAccountId, "CheckThirdPartySecretExpiry", Encoding.UTF8.GetBytes("Write-Output 'draft'\n"), api);
        Assert.That((await deployer.Arm.GetRunbookAsync(AutomationAccountId, "CheckThirdPartySecretExpiry", api))!["properties"]!["state"]!.ToString(), Is.EqualTo("Edit"));
        var refused = Assert.ThrowsAsync<ArmException>(() => deployer.Arm.DeployAsync(scope, phase3.DeploymentName, phase3.Template, phase3.Parameters));
        Assert.That(refused!.Message, Does.Contain("'CheckThirdPartySecretExpiry' is not published").And.Not.Contain("'RotateStorageAccountKeys' is not published"));
        var schedules = phase3.Predicted.Where(r => r.Type.EndsWith("/jobSchedules", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(schedules, Has.Count.EqualTo(2));
        foreach (var schedule in schedules)
        {
            Assert.That(await deployer.Arm.GetResourceAsync(schedule.Id, schedule.ApiVersion), Is.Null, "a refused deployment links no schedule: " + schedule.Id);
        }

        // Published: the same phase 3 deployment links both schedules.
        await deployer.Arm.PublishRunbookAsync(AutomationAccountId, "CheckThirdPartySecretExpiry", api);
        var linked = await deployer.Arm.DeployAsync(scope, phase3.DeploymentName, phase3.Template, phase3.Parameters);
        Assert.That(linked.ProvisioningState, Is.EqualTo("Succeeded"));
        foreach (var schedule in schedules)
        {
            Assert.That(await deployer.Arm.GetResourceAsync(schedule.Id, schedule.ApiVersion), Is.Not.Null, schedule.Id);
        }
    }
}
