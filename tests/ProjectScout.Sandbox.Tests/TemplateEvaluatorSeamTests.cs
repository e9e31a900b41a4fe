using System.Net;
using System.Text.Json.Nodes;
using ProjectScout.Model.Templates;
using ProjectScout.Sandbox;

namespace ProjectScout.Sandbox.Tests;

/// <summary>The sandbox evaluates templates only with the evaluator its starter hands in (it references the model, not the toolkit).</summary>
public sealed class TemplateEvaluatorSeamTests
{
    private const string Api = "api-version=2025-04-01";
    private const string Group = "subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-seam";
    private const string Vault = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-seam/providers/Microsoft.KeyVault/vaults/kv-seam";

    private sealed class FixedEvaluator : ITemplateEvaluator, IAsyncDisposable
    {
        public List<TemplateEvaluationRequest> Requests { get; } = [];

        public bool Disposed { get; private set; }

        public Task<TemplateEvaluation> EvaluateAsync(TemplateEvaluationRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            JsonObject vault = new() { ["id"] = Vault, ["type"] = "Microsoft.KeyVault/vaults", ["name"] = "kv-seam", ["location"] = request.Location, ["apiVersion"] = "2023-07-01" };
            return Task.FromResult(new TemplateEvaluation([vault], [], []));
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private static readonly JsonObject Body = new()
    {
        ["properties"] = new JsonObject { ["mode"] = "Incremental", ["template"] = new JsonObject { ["resources"] = new JsonArray() }, ["parameters"] = new JsonObject() },
    };

    [Test]
    public async Task A_handed_in_evaluator_answers_the_deployment_and_is_disposed_with_the_server()
    {
        var root = Repository.NewScratchDirectory("sandbox-seam");
        var evaluator = new FixedEvaluator();
        try
        {
            await using (var server = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = Path.Combine(root, "state"), OperationRetryAfterSeconds = 0, TemplateEvaluator = evaluator }))
            {
                using var arm = server.Arm();
                Assert.That((await arm.SendJsonAsync(HttpMethod.Put, $"{Group}?{Api}", new JsonObject { ["location"] = "westeurope" })).Status, Is.EqualTo(HttpStatusCode.Created));

                var validated = await arm.PostJsonAsync($"{Group}/providers/Microsoft.Resources/deployments/seam-1/validate?{Api}", Body.DeepClone());

                Assert.That(validated.Status, Is.EqualTo(HttpStatusCode.OK), validated.Body?.ToJsonString());
                Assert.That(validated.Body!["properties"]!["validatedResources"]!.AsArray().Select(r => (string?)r!["id"]), Is.EqualTo(new[] { Vault }));
                Assert.That(evaluator.Requests.Select(r => (r.DeploymentName, r.ResourceGroup, r.Location)), Is.EqualTo(new[] { ("seam-1", "rg-seam", "westeurope") }));
                Assert.That(evaluator.Disposed, Is.False);
            }

            Assert.That(evaluator.Disposed, Is.True, "the server owns what it was handed");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Without_an_evaluator_a_deployment_fails_with_how_to_start_one_that_evaluates()
    {
        var root = Repository.NewScratchDirectory("sandbox-seam");
        try
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { StateDirectory = Path.Combine(root, "state"), OperationRetryAfterSeconds = 0 });
            using var arm = server.Arm();
            await arm.SendJsonAsync(HttpMethod.Put, $"{Group}?{Api}", new JsonObject { ["location"] = "westeurope" });

            var validated = await arm.PostJsonAsync($"{Group}/providers/Microsoft.Resources/deployments/seam-2/validate?{Api}", Body.DeepClone());

            Assert.That(validated.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(validated.ErrorCode, Is.EqualTo("InvalidTemplate"));
            Assert.That((string?)validated.Body!["error"]!["message"], Does.Contain("./build.sh --target=Sandbox"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
