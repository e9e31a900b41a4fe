using System.Diagnostics;
using System.Net;
using System.Text;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Sandbox;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Deployment;
using ProjectScout.Toolkit.IO;
using ProjectScout.Toolkit.Tests.Deploy;

namespace ProjectScout.Toolkit.Tests.Faults;

/// <summary>
/// Lost responses and failures over real HTTPS against the sandbox: each case converges with nothing sent twice that
/// must not be, or fails fast with the service's own message.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LostResponseTests
{
    private string _root = "";
    private SandboxServer _server = null!;
    private ArmClient _arm = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Repository.NewScratchDirectory("fault-campaign-lost");
        _server = await FaultCampaign.StartAsync(_root);
        _arm = FaultCampaign.Arm(_server);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [SetUp]
    public void ClearFaults()
    {
        _server.Faults.Clear();
        _server.Requests.Clear();
    }

    [TestCase(FaultKind.InternalServerError)]
    [TestCase(FaultKind.DropConnection)]
    public async Task A_deployment_PUT_whose_answer_is_lost_after_ARM_accepted_it_is_followed_by_name_not_sent_again(FaultKind fault)
    {
        var scope = await FaultCampaign.GroupAsync(_arm, SandboxTestingNames.Unique("rg-lost"));
        _server.Faults.Add(new FaultRule { Operation = "arm/deployments/put", Kind = fault, AfterOperation = true });

        var result = await _arm.DeployAsync(scope, "lost-put", FaultCampaign.Template(), FaultCampaign.Parameters("stlost"));

        Assert.That(result.ProvisioningState, Is.EqualTo("Succeeded"));
        Assert.That(result.Outputs["automationAccountResourceId"]?.ToString(), Is.EqualTo(FaultCampaign.AccountId(scope)).IgnoreCase);
        Assert.That(_server.Requests.Count("arm/deployments/put"), Is.EqualTo(1), "the accepted PUT is never sent again");
        Assert.That(_server.Requests.Count(status: 409), Is.Zero);
        Assert.That(await _arm.GetResourceAsync(FaultCampaign.StorageId(scope, "stlost"), "2023-05-01"), Is.Not.Null);
    }

    [Test]
    public async Task A_deployment_PUT_ARM_never_accepted_is_sent_again_twice_for_a_500_and_a_few_times_for_a_503()
    {
        var scope = await FaultCampaign.GroupAsync(_arm, SandboxTestingNames.Unique("rg-refused"));
        _server.Faults.Add(new FaultRule { Operation = "arm/deployments/put", Kind = FaultKind.InternalServerError, Count = -1 });
        var error = Assert.ThrowsAsync<ArmException>(() => _arm.DeployAsync(scope, "refused", FaultCampaign.Template(), FaultCampaign.Parameters("strefused")));
        Assert.That(error!.Message, Does.StartWith("Deployment refused failed (HTTP 500): InternalServerError"));
        Assert.That(_server.Requests.Count("arm/deployments/put"), Is.EqualTo(ToolkitRetryPolicy.MaxTriesOnServerError));

        _server.Faults.Clear();
        _server.Requests.Clear();
        _server.Faults.Add(new FaultRule { Operation = "arm/deployments/put", Kind = FaultKind.ServiceUnavailable, Count = 2, RetryAfterSeconds = 0 });
        Assert.That((await _arm.DeployAsync(scope, "refused", FaultCampaign.Template(), FaultCampaign.Parameters("strefused"))).ProvisioningState, Is.EqualTo("Succeeded"));
        Assert.That(_server.Requests.Where("arm/deployments/put").Select(r => r.Status), Is.EqualTo(new[] { 503, 503, 201 }));
    }

    [Test]
    public async Task A_PUT_of_a_running_deployment_gets_409_DeploymentActive_and_the_client_waits_for_it()
    {
        var scope = await FaultCampaign.GroupAsync(_arm, SandboxTestingNames.Unique("rg-active"));
        using var http = _server.CreateClient(SandboxService.Arm);
        var url = FaultCampaign.DeploymentUrl(scope, "running");
        using (var first = await http.PutAsync(url, FaultCampaign.Json(FaultCampaign.DeploymentBody(FaultCampaign.Parameters("stactive")))))
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(201));
        }

        // What Azure answers a second PUT while the first runs (the sandbox as the service).
        using (var second = await http.PutAsync(url, FaultCampaign.Json(FaultCampaign.DeploymentBody(FaultCampaign.Parameters("stactive")))))
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("\"code\":\"DeploymentActive\"").And.Contain("is still active"));
        }

        var result = await _arm.DeployAsync(scope, "running", FaultCampaign.Template(), FaultCampaign.Parameters("stactive"));
        Assert.That(result.ProvisioningState, Is.EqualTo("Succeeded"), "409 DeploymentActive means wait, not fail");
        Assert.That(_server.Requests.Where("arm/deployments/put").Select(r => r.Status), Is.EqualTo(new[] { 201, 409, 409 }));
    }

    [Test]
    public async Task A_deterministic_500_fails_after_two_tries_with_the_service_message_and_a_503_is_retried()
    {
        var scope = new ResourceGroupScope(FaultCampaign.Subscription, "rg-broken");
        _server.Faults.Add(new FaultRule { Operation = "arm/resourcegroups/get", Kind = FaultKind.InternalServerError, Count = -1 });
        var clock = Stopwatch.StartNew();
        var arm = Assert.ThrowsAsync<ArmException>(() => _arm.GetResourceGroupAsync(scope));
        Assert.That(arm!.Message, Does.StartWith("Reading resource group rg-broken failed (HTTP 500): InternalServerError"));
        Assert.That(_server.Requests.Count("arm/resourcegroups/get", 500), Is.EqualTo(ToolkitRetryPolicy.MaxTriesOnServerError));

        _server.Faults.Add(new FaultRule { Operation = "jobs/list", Kind = FaultKind.InternalServerError, Count = -1 });
        using var databricks = SandboxHarness.Client(_server);
        var api = Assert.ThrowsAsync<DatabricksApiException>(() => databricks.ListJobsAsync());
        Assert.That((api!.Status, api.ErrorCode), Is.EqualTo((500, "INTERNAL_ERROR")));
        Assert.That(_server.Requests.Count("jobs/list", 500), Is.EqualTo(ToolkitRetryPolicy.MaxTriesOnServerError));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "no minute of retries on a deterministic failure");

        // jobs/create is never retried blindly; after a 500 it is looked up, and a deterministic 500 still ends after two tries.
        _server.Faults.Clear();
        _server.Faults.Add(new FaultRule { Operation = "jobs/create", Kind = FaultKind.InternalServerError, Count = -1 });
        var job = SandboxHarness.Bundle(jobs: 1, notebooks: 0).Jobs[0];
        Assert.ThrowsAsync<DatabricksApiException>(() => Toolkit.Databricks.Adapters.JobAdapter.CreateJobOnceAsync(databricks, job, job.Settings, CancellationToken.None));
        Assert.That(_server.Requests.Count("jobs/create", 500), Is.EqualTo(ToolkitRetryPolicy.MaxTriesOnServerError));

        _server.Faults.Clear();
        _server.Faults.Add(new FaultRule { Operation = "policies/list", Kind = FaultKind.ServiceUnavailable, Count = 3, RetryAfterSeconds = 0 });
        Assert.That(await databricks.ListPoliciesAsync(), Is.Empty);
        Assert.That(_server.Requests.Count("policies/list"), Is.EqualTo(4), "a transient failure is retried");
    }

    [Test]
    public void Transient_failures_are_retried_within_a_bounded_total_time()
    {
        var options = new ArmClientOptions { TotalRetryTime = TimeSpan.FromSeconds(1), Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(PinnedCertificate.Handler(_server.Certificate))) };
        options.Retry.MaxRetries = 1000;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        var arm = new ArmClient(_server.ArmEndpoint, new StaticTokenCredential("fault-campaign"), options);
        _server.Faults.Add(new FaultRule { Operation = "arm/resourcegroups/get", Kind = FaultKind.ServiceUnavailable, Count = -1, RetryAfterSeconds = 0 });

        var clock = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<ArmException>(() => arm.GetResourceGroupAsync(new ResourceGroupScope(FaultCampaign.Subscription, "rg-unavailable")));
        Assert.That(error!.Status, Is.EqualTo(503));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the budget, not the 1000 retries, ends it");
        Assert.That(_server.Requests.Count("arm/resourcegroups/get", 503), Is.GreaterThan(2).And.LessThan(1000));
    }

    [Test]
    public async Task A_runbook_publish_whose_answer_is_lost_is_checked_not_sent_again()
    {
        var scope = await FaultCampaign.GroupAsync(_arm, SandboxTestingNames.Unique("rg-runbook"));
        await _arm.DeployAsync(scope, "runbooks", FaultCampaign.Template(), FaultCampaign.Parameters("strunbook"));
        var content = Encoding.UTF8.GetBytes("Write-Output 'rotate'\n");
        var runbook = new RunbookArtifact(FaultCampaign.Runbook, content, GeneratedFiles.Sha256(content));
        var publisher = new RunbookPublisher(_arm, FaultCampaign.AccountId(scope));
        _server.Faults.Add(new FaultRule { Operation = "arm/runbooks/publish", Kind = FaultKind.InternalServerError, AfterOperation = true });

        var plan = await publisher.PlanAsync([runbook], CancellationToken.None);
        Assert.That(await publisher.ApplyAsync([runbook], plan, CancellationToken.None), Is.EqualTo(1));

        Assert.That(_server.Requests.Where("arm/runbooks/publish").Select(r => r.Status), Is.EqualTo(new[] { 500 }), "published once; no 400 'no draft to publish'");
        Assert.That(await publisher.VerifyAsync([runbook], CancellationToken.None), Is.Empty);
        Assert.That((await publisher.PlanAsync([runbook], CancellationToken.None)).Single().Action, Is.EqualTo(ChangeAction.NoChange));
    }

    [Test]
    public async Task Jobs_are_created_only_after_their_notebooks_are_in_place()
    {
        using var client = SandboxHarness.Client(_server);
        var bundle = SandboxHarness.Bundle(jobs: 2, notebooks: 3, folders: 2);
        var reconciler = new WorkspaceReconciler(client);

        // Every import fails: no job may be created, as it would run without its notebook.
        _server.Faults.Add(new FaultRule { Operation = "workspace/import", Kind = FaultKind.InternalServerError, Count = -1 });
        var failure = Assert.ThrowsAsync<ToolkitException>(async () => await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null)));
        Assert.That(failure!.Message, Does.Contain("job job-000: not created, its notebook(s) failed to import"));
        Assert.That(_server.Requests.Count("jobs/create"), Is.Zero);

        // Healed, a re-run converges: every notebook imported before the first job is created, one job per key.
        _server.Faults.Clear();
        _server.Requests.Clear();
        await reconciler.ApplyAsync(await reconciler.PlanAsync(bundle, null));
        var imports = _server.Requests.Where("workspace/import").Select(r => r.Sequence).ToList();
        var creates = _server.Requests.Where("jobs/create").Select(r => r.Sequence).ToList();
        Assert.That((imports.Count, creates.Count), Is.EqualTo((3 + 1, 2)), "three notebooks and the notebook manifest, two jobs");
        // The manifest is written last, once every kind applied.
        Assert.That(imports.SkipLast(1).Max(), Is.LessThan(creates.Min()));
        Assert.That(imports[^1], Is.GreaterThan(creates.Max()));
        Assert.That((await SandboxHarness.ManagedJobsAsync(client)).Select(g => g.Count()), Is.All.EqualTo(1));
        Assert.That((await reconciler.PlanAsync(bundle, null)).Changes().Where(c => c.Action != ChangeAction.NoChange), Is.Empty);
    }
}

internal static class SandboxTestingNames
{
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}
