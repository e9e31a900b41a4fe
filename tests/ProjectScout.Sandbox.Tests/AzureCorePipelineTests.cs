using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using ProjectScout.Sandbox;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Tests;

/// <summary>The Azure SDK pipeline (bearer-token policy, which refuses plain HTTP) reaches the sandbox over the pinned transport.</summary>
[TestFixture]
public sealed class AzureCorePipelineTests
{
    private sealed class PipelineOptions : ClientOptions;

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("sandbox-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    [Test]
    public async Task A_bearer_token_pipeline_with_the_pinned_transport_creates_and_reads_a_resource_group()
    {
        var root = Repository.NewScratchDirectory("sandbox-azure-core");
        try
        {
            await using var server = await SandboxTesting.StartAsync(root);
            var options = new PipelineOptions { Transport = new HttpClientTransport(SandboxCertificate.CreatePinnedHandler(server.Certificate)) };
            options.Retry.MaxRetries = 0;
            var pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(new FixedToken(), "https://management.azure.com/.default"));
            var url = new Uri(server.ArmEndpoint, "subscriptions/5a4d0b0c-5c07-4b1d-9a11-000000000001/resourcegroups/rg-sdk?api-version=2025-04-01");

            using var put = pipeline.CreateMessage();
            put.Request.Method = RequestMethod.Put;
            put.Request.Uri.Reset(url);
            put.Request.Headers.Add("Content-Type", "application/json");
            put.Request.Content = RequestContent.Create(BinaryData.FromString("""{"location":"eastus2","tags":{"owner":"sdk"}}"""));
            await pipeline.SendAsync(put, CancellationToken.None);
            Assert.That(put.Response.Status, Is.EqualTo(201), put.Response.Content.ToString());

            using var get = pipeline.CreateMessage();
            get.Request.Method = RequestMethod.Get;
            get.Request.Uri.Reset(url);
            await pipeline.SendAsync(get, CancellationToken.None);
            Assert.That((string?)JsonNode.Parse(get.Response.Content.ToString())!["tags"]!["owner"], Is.EqualTo("sdk"));
            Assert.That(server.Requests.Count("arm/resourcegroups/*", 401), Is.Zero, "the policy sent the token on every call");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
