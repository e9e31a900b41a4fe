using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectScout.Sandbox.Arm;
using ProjectScout.Sandbox.Databricks;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox;

/// <summary>
/// The sandbox: a local, stateful stand-in for Azure Resource Manager and the Databricks REST API, served over HTTPS on
/// 127.0.0.1 (one port each). Start it with <see cref="StartAsync"/>; dispose it to stop. State lives in
/// <see cref="SandboxOptions.StateDirectory"/> and survives a restart.
/// </summary>
public sealed partial class SandboxServer : IAsyncDisposable
{
    /// <summary>Files the sandbox keeps in its state directory (removed by <see cref="Reset"/>, with the blobs/ folder of workspace contents).</summary>
    public static readonly IReadOnlyList<string> StateFiles = [ArmStore.FileName, DatabricksStore.FileName];

    private readonly WebApplication _app;
    private readonly ArmStore _arm;
    private readonly DatabricksStore _databricks;
    private State.StateDirectoryLock? _stateLock;
    private int _disposed;

    private SandboxServer(WebApplication app, SandboxOptions options, X509Certificate2 certificate, RequestLog requests, FaultController faults, ArmStore arm, DatabricksStore databricks, int armPort, int databricksPort)
    {
        _app = app;
        Options = options;
        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        Requests = requests;
        Faults = faults;
        _arm = arm;
        _databricks = databricks;
        ArmEndpoint = new Uri($"https://127.0.0.1:{armPort}/");
        DatabricksEndpoint = new Uri($"https://127.0.0.1:{databricksPort}/");
    }

    public SandboxOptions Options { get; }

    /// <summary>The ARM endpoint (stands in for https://management.azure.com/).</summary>
    public Uri ArmEndpoint { get; }

    /// <summary>The Databricks workspace endpoint (stands in for https://adb-….azuredatabricks.net/).</summary>
    public Uri DatabricksEndpoint { get; }

    /// <summary>The server certificate, public part only: sandbox clients pin exactly this certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Every request seen (also appended to <see cref="RequestLog.FilePath"/>).</summary>
    public RequestLog Requests { get; }

    /// <summary>Live fault control: add rules, clear them, set a rate limit.</summary>
    public FaultController Faults { get; }

    public string StateDirectory => Options.ResolvedStateDirectory;

    /// <summary>The Databricks store, for test set-up that no API offers (seeding table versions).</summary>
    internal DatabricksStore DatabricksStore => _databricks;

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var clock = options.Clock;
        // Before the state is read: a second sandbox on the same state waits for the first (or is refused).
        var stateLock = await State.StateDirectoryLock.AcquireAsync(options.ResolvedStateDirectory, options.StateLockWait, options.OnWaitingForState, cancellationToken);
        try
        {
            var server = await StartLockedAsync(options, cancellationToken);
            server._stateLock = stateLock;
            return server;
        }
        catch
        {
            stateLock.Dispose();
            throw;
        }
    }

    private static async Task<SandboxServer> StartLockedAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var clock = options.Clock;
        var certificate = SandboxCertificate.Create(clock);
        var requests = new RequestLog(options.ResolvedRequestLogPath);
        var faults = new FaultController(options.Faults, clock);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, InProcessLifetime>();
        ListenOptions? armListen = null;
        ListenOptions? databricksListen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.ArmPort, l =>
            {
                armListen = l;
                l.UseHttps(certificate);
            });
            kestrel.Listen(IPAddress.Loopback, options.DatabricksPort, l =>
            {
                databricksListen = l;
                l.UseHttps(certificate);
            });
        });

        var app = builder.Build();
        var ports = new PortMap();
        var arm = new ArmStore(options, () => ports.DatabricksAuthority);
        var databricks = new DatabricksStore(options, arm);
        // Resource ids with a leading double slash ("//subscriptions/…", as some SDKs join them) resolve as ARM resolves them.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value is { } path && path.StartsWith("//", StringComparison.Ordinal))
            {
                context.Request.Path = "/" + path.TrimStart('/');
            }

            return next(context);
        });
        app.UseRouting();
        var pipeline = new RequestPipeline(ports, requests, faults, clock);
        app.Use(pipeline.InvokeAsync);
        ArmEndpoints.Map(app, arm, options);
        DatabricksEndpoints.Map(app, databricks);
        SandboxControlEndpoints.Map(app, requests, faults);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await arm.DrainAsync();
            await app.DisposeAsync();
            throw;
        }

        ports.Arm = armListen!.IPEndPoint!.Port;
        ports.Databricks = databricksListen!.IPEndPoint!.Port;
        arm.ResumePending();
        return new SandboxServer(app, options, certificate, requests, faults, arm, databricks, ports.Arm, ports.Databricks);
    }

    /// <summary>Test-only: changes the Databricks side's Unity Catalog state directly (persisted like an API write).</summary>
    internal void SeedUnityCatalog(Action<Databricks.UnityCatalogState> change) => _databricks.UpdateUnityCatalog(change);

    /// <summary>Test-only: the ARM resources as the Databricks side reads them.</summary>
    internal Arm.IAzureResourceView AzureResources => _arm;

    /// <summary>Test-only: stores an ARM resource (with its id, type, name, properties) as a deployment would have.</summary>
    internal void SeedArmResource(JsonObject declared) => _arm.Seed(declared);

    /// <summary>An HttpClient for one of the two services that trusts only this server's certificate.</summary>
    public HttpClient CreateClient(SandboxService service, string bearerToken = "sandbox-token")
    {
        var client = new HttpClient(SandboxCertificate.CreatePinnedHandler(Certificate))
        {
            BaseAddress = service == SandboxService.Arm ? ArmEndpoint : DatabricksEndpoint,
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    /// <summary>Connection details for a client in another process: endpoints and the certificate to pin (PEM).</summary>
    public JsonObject DescribeConnection() => new()
    {
        ["armEndpoint"] = ArmEndpoint.ToString(),
        ["databricksEndpoint"] = DatabricksEndpoint.ToString(),
        ["certificatePem"] = SandboxCertificate.ToPem(Certificate),
        ["certificateThumbprintSha256"] = Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
        ["stateDirectory"] = StateDirectory,
        ["requestLog"] = Requests.FilePath,
        ["processId"] = Environment.ProcessId,
    };

    /// <summary>Deletes the sandbox's state files in <paramref name="stateDirectory"/>; the next start is an empty Azure and workspace.</summary>
    public static IReadOnlyList<string> Reset(string stateDirectory)
    {
        var removed = new List<string>();
        var directory = Path.GetFullPath(stateDirectory);
        if (!Directory.Exists(directory))
        {
            return removed;
        }

        foreach (var file in StateFiles.Select(f => Path.Combine(directory, f)).Where(File.Exists))
        {
            File.Delete(file);
            removed.Add(file);
        }

        var blobs = Path.Combine(directory, State.BlobStore.FolderName);
        if (Directory.Exists(blobs))
        {
            Directory.Delete(blobs, recursive: true);
            removed.Add(blobs);
        }

        return removed;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _arm.DrainAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
        _stateLock?.Dispose(); // last: the state is written and no request is in flight
    }

    internal sealed class PortMap
    {
        public int Arm { get; set; }
        public int Databricks { get; set; }
        public string DatabricksAuthority => $"127.0.0.1:{Databricks}";
    }
}
