using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Core;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Databricks;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Arm;
using ProjectScout.Toolkit.Databricks;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Deployment;

/// <summary>
/// Where a deployment goes and how it authenticates: the ARM endpoint and credential, the resource group, and (sandbox
/// only) the one certificate both clients accept.
/// </summary>
public sealed class DeployTarget
{
    public required EnvironmentDefinition Environment { get; init; }
    public required Uri ArmEndpoint { get; init; }
    public required TokenCredential Credential { get; init; }
    public required ResourceGroupScope Scope { get; init; }
    public X509Certificate2? PinnedCertificate { get; init; }
    public ArmClientOptions ArmOptions { get; init; } = new();

    /// <summary>Overrides the environment's databricks.rateLimitPerSecond (benchmarks).</summary>
    public double? DatabricksRateLimit { get; init; }

    public static readonly Uri PublicCloud = new("https://management.azure.com/");

    public ArmClient CreateArmClient()
    {
        var options = ArmOptions;
        if (PinnedCertificate is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(Databricks.PinnedCertificate.Handler(PinnedCertificate)));
        }

        return new ArmClient(ArmEndpoint, Credential, options);
    }

    /// <summary>The Databricks requests per second this target's client sends at most.</summary>
    public double DatabricksRateLimitPerSecond => DatabricksRateLimit ?? Environment.Databricks.RateLimitPerSecond;

    public DatabricksClient CreateDatabricksClient(Uri host, string workspaceResourceId) => new(new DatabricksClientOptions
    {
        Host = host,
        Credential = Credential,
        WorkspaceResourceId = workspaceResourceId,
        SendManagementHeaders = !Environment.Databricks.ServicePrincipalIsWorkspaceUser,
        RateLimitPerSecond = DatabricksRateLimitPerSecond,
        PinnedCertificate = PinnedCertificate,
    });

    /// <summary>A real Azure environment: subscription from the file or its variable, credential from azure.credential; fails fast in one line.</summary>
    public static async Task<DeployTarget> ForAzureAsync(EnvironmentDefinition environment, Func<string, string?>? variables = null, CancellationToken ct = default)
    {
        variables ??= System.Environment.GetEnvironmentVariable;
        var tenant = environment.Azure.TenantId is { Length: > 0 } t ? t : environment.Azure.TenantIdVariable is { Length: > 0 } tv ? variables(tv) ?? "" : "";
        var credential = Credentials.Create(environment.Azure.Credential, tenant, variables);

        // One token up front: no credential means one line now, not a stack trace in the middle of a plan.
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await credential.GetTokenAsync(new TokenRequestContext([ArmClient.Scope]), timeout.Token);
        }
        catch (Exception ex) when (ex is Azure.Identity.AuthenticationFailedException or OperationCanceledException)
        {
            throw Credentials.Unavailable(ex, environment.Azure.Credential);
        }

        var subscription = environment.Azure.SubscriptionId;
        if (string.IsNullOrEmpty(subscription) && environment.Azure.SubscriptionIdVariable is { Length: > 0 } variable)
        {
            subscription = variables(variable) ?? "";
            if (subscription.Length == 0)
            {
                throw new ToolkitException($"{environment.SourceFile}: azure.subscriptionIdVariable names {variable}, which is not set; export it (the subscription id of environment '{environment.Name}').");
            }
        }

        return new DeployTarget
        {
            Environment = environment,
            ArmEndpoint = PublicCloud,
            Credential = credential,
            Scope = new ResourceGroupScope(subscription, environment.Azure.ResourceGroup),
        };
    }
}
