using Azure.Core;
using Azure.Identity;
using ProjectScout.Model.Arm;
using ProjectScout.Model.Diagnostics;
using ProjectScout.Model.Environments;
using ProjectScout.Toolkit.Environments;

namespace ProjectScout.Toolkit.Arm;

/// <summary>
/// Chooses the Azure.Identity credential an environment asks for (azure.credential) and turns "no credential" into
/// one line that says where credentials are looked for.
/// </summary>
public static class Credentials
{
    public const string HowCredentialsAreFound =
        "Azure credentials are read from AZURE_CLIENT_ID/AZURE_TENANT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (environment), " +
        "AZURE_FEDERATED_TOKEN_FILE (workload identity), a managed identity, or `az login` (Azure CLI); " +
        "in Azure Pipelines use azure.credential: azure-pipelines with SYSTEM_ACCESSTOKEN and AZURESUBSCRIPTION_SERVICE_CONNECTION_ID.";

    public static IReadOnlyList<string> Kinds => ProjectScout.Model.Environments.EnvironmentFiles.CredentialKinds;

    /// <summary>The credential for a real Azure environment; <paramref name="tenantId"/> may be empty.</summary>
    public static TokenCredential Create(string kind, string tenantId, Func<string, string?>? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        var tenant = string.IsNullOrEmpty(tenantId) ? null : tenantId;
        return kind switch
        {
            "default" => new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                TenantId = tenant,
                ExcludeInteractiveBrowserCredential = true,
                ExcludeVisualStudioCredential = true,
                ExcludeVisualStudioCodeCredential = true,
            }),
            "environment" => new EnvironmentCredential(),
            "workload-identity" => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions { TenantId = tenant }),
            "azure-cli" => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = tenant }),
            "managed-identity" => variables("AZURE_CLIENT_ID") is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
            "azure-pipelines" => AzurePipelines(tenant, variables),
            _ => throw new ToolkitException($"Unknown azure.credential '{kind}'. Valid values: {string.Join(", ", Kinds)}."),
        };
    }

    private static TokenCredential AzurePipelines(string? tenant, Func<string, string?> variables)
    {
        // The AzureCLI@2 / AzurePowerShell tasks expose these for a workload-identity service connection.
        var connection = variables("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID");
        var clientId = variables("AZURESUBSCRIPTION_CLIENT_ID");
        var tenantId = variables("AZURESUBSCRIPTION_TENANT_ID") ?? tenant;
        var token = variables("SYSTEM_ACCESSTOKEN");
        var missing = new[] { ("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", connection), ("AZURESUBSCRIPTION_CLIENT_ID", clientId), ("AZURESUBSCRIPTION_TENANT_ID", tenantId), ("SYSTEM_ACCESSTOKEN", token) }
            .Where(v => string.IsNullOrEmpty(v.Item2)).Select(v => v.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new ToolkitException($"azure.credential is azure-pipelines but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set; map them in the pipeline step's env.");
        }

        return new AzurePipelinesCredential(tenantId!, clientId!, connection!, token!);
    }

    /// <summary>One line, no stack trace: which credential failed (first sentence of its reason) and where credentials come from.</summary>
    public static ToolkitException Unavailable(Exception cause, string? credentialKind = null)
    {
        var first = cause.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var sentence = first.IndexOf(". ", StringComparison.Ordinal) is var end and > 0 ? first[..end] : first.TrimEnd('.');
        if (sentence.Length > 140)
        {
            sentence = sentence[..140] + "…";
        }

        var kind = credentialKind is null ? "" : $" (azure.credential: {credentialKind})";
        return new ToolkitException($"No usable Azure credential{kind}: {sentence}. {HowCredentialsAreFound}", cause);
    }
}

/// <summary>A fixed token for the sandbox, which checks only that a bearer token is present.</summary>
public sealed class StaticTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
