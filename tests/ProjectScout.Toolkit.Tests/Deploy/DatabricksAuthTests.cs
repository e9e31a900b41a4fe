using System.Net.Sockets;
using System.Net;
using Azure.Core;
using ProjectScout.Model.Databricks;
using ProjectScout.Toolkit.Databricks;

namespace ProjectScout.Toolkit.Tests.Deploy;

/// <summary>What the Databricks client puts on the wire for authentication, seen by a loopback listener.</summary>
public class DatabricksAuthTests
{
    private sealed class CountingCredential(TimeSpan lifetime) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.Add(requestContext.Scopes[0]);
                return new AccessToken($"token-{Scopes.Count}-{requestContext.Scopes[0].Length}", DateTimeOffset.UtcNow + lifetime);
            }
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    [Test]
    public async Task Tokens_are_cached_refreshed_before_expiry_and_management_headers_sent_when_configured()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = new List<(string? Authorization, string? Management, string? Resource)>();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                var context = await listener.GetContextAsync();
                seen.Add((context.Request.Headers["Authorization"], context.Request.Headers["X-Databricks-Azure-SP-Management-Token"], context.Request.Headers["X-Databricks-Azure-Workspace-Resource-Id"]));
                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync("""{"policies":[]}"""u8.ToArray());
                context.Response.Close();
            }
        });

        // Long-lived tokens: fetched once per scope, reused.
        var longLived = new CountingCredential(TimeSpan.FromHours(1));
        using (var client = Client(port, longLived, managementHeaders: true))
        {
            await client.ListPoliciesAsync();
            await client.ListPoliciesAsync();
        }

        Assert.That(longLived.Scopes, Is.EquivalentTo(new[] { "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default", "https://management.core.windows.net//.default" }));
        Assert.That(seen.Select(s => s.Authorization), Is.All.StartWith("Bearer token-"));
        Assert.That(seen.Select(s => s.Resource), Is.All.EqualTo("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"));
        Assert.That(seen.Select(s => s.Management), Is.All.Not.Null);

        // Tokens inside the refresh margin are replaced before each use; no management headers for a workspace user.
        var expiring = new CountingCredential(TimeSpan.FromSeconds(60));
        using (var client = Client(port, expiring, managementHeaders: false))
        {
            await client.ListPoliciesAsync();
            await client.ListPoliciesAsync();
        }

        await serving;
        Assert.That(expiring.Scopes, Has.Count.EqualTo(2), "a token expiring within the margin is fetched again");
        Assert.That(seen.Skip(2).Select(s => s.Management), Is.All.Null);
        Assert.That(seen[2].Authorization, Is.Not.EqualTo(seen[3].Authorization));
    }

    private static DatabricksClient Client(int port, TokenCredential credential, bool managementHeaders) => new(new DatabricksClientOptions
    {
        Host = new Uri($"http://127.0.0.1:{port}/"),
        Credential = credential,
        SendManagementHeaders = managementHeaders,
        WorkspaceResourceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w",
    });

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
