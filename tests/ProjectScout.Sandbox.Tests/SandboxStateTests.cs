using System.Net;
using System.Text.Json.Nodes;
using ProjectScout.Sandbox;

namespace ProjectScout.Sandbox.Tests;

/// <summary>The sandbox's state survives a restart, is written deterministically, and Reset clears it.</summary>
[TestFixture]
public sealed class SandboxStateTests
{
    [Test]
    public async Task State_survives_a_restart_and_reset_clears_it()
    {
        var root = Repository.NewScratchDirectory("sandbox-state");
        try
        {
            long jobId;
            await using (var first = await SandboxTesting.StartAsync(root))
            {
                using var databricks = first.Databricks();
                using var arm = first.Arm();
                await databricks.PostJsonAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = "/Shared/juicer" });
                await databricks.PostJsonAsync("api/2.0/workspace/import", new JsonObject { ["path"] = "/Shared/juicer/gold", ["format"] = "SOURCE", ["language"] = "SQL", ["content"] = SandboxTesting.Base64("select 1") });
                jobId = (long)(await databricks.PostJsonAsync("api/2.2/jobs/create", new JsonObject { ["name"] = "persisted" })).Body!["job_id"]!;
                var group = await arm.SendJsonAsync(HttpMethod.Put, "subscriptions/5a4d0b0c-5c07-4b1d-9a11-000000000001/resourcegroups/rg-state?api-version=2025-04-01",
                    new JsonObject { ["location"] = "eastus2", ["tags"] = new JsonObject { ["deployedPhases"] = "1" } });
                Assert.That(group.Status, Is.EqualTo(HttpStatusCode.Created));
            }

            var stateFile = Path.Combine(root, "state", "databricks.json");
            var written = await File.ReadAllBytesAsync(stateFile);
            await using (var second = await SandboxTesting.StartAsync(root))
            {
                using var databricks = second.Databricks();
                using var arm = second.Arm();
                Assert.That((string?)(await databricks.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}")).Body!["settings"]!["name"], Is.EqualTo("persisted"));
                Assert.That((string?)(await databricks.GetJsonAsync("api/2.0/workspace/get-status?path=/Shared/juicer/gold")).Body!["language"], Is.EqualTo("SQL"));
                var group = await arm.GetJsonAsync("subscriptions/5a4d0b0c-5c07-4b1d-9a11-000000000001/resourceGroups/RG-STATE?api-version=2025-04-01");
                Assert.That((string?)group.Body!["tags"]!["deployedPhases"], Is.EqualTo("1"), "resource group names are case-insensitive");
                var next = (long)(await databricks.PostJsonAsync("api/2.2/jobs/create", new JsonObject { ["name"] = "after restart" })).Body!["job_id"]!;
                Assert.That(next, Is.GreaterThan(jobId), "ids keep counting across restarts");
                await databricks.PostJsonAsync("api/2.2/jobs/delete", new JsonObject { ["job_id"] = next });
            }

            Assert.That(await File.ReadAllTextAsync(stateFile), Does.Not.Contain("\r").And.EndWith("}\n").And.Not.Contain("select 1"), "contents live in blobs/, not in the JSON");
            Assert.That(Directory.GetFiles(Path.Combine(root, "state", "blobs")), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.Combine(root, "state"), "*.tmp-*"), Is.Empty, "atomic writes leave no temporary files");

            var removed = SandboxServer.Reset(Path.Combine(root, "state"));
            Assert.That(removed.Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "arm.json", "blobs", "databricks.json" }));
            await using var third = await SandboxTesting.StartAsync(root);
            using var client = third.Databricks();
            Assert.That((await client.GetJsonAsync($"api/2.2/jobs/get?job_id={jobId}")).Status, Is.EqualTo(HttpStatusCode.BadRequest), "Job N does not exist.");
            Assert.That(written, Is.Not.Empty);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
