using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Databricks;
using ProjectScout.Sandbox.Arm;

namespace ProjectScout.Sandbox.Databricks;

/// <summary>Why a task fails: its termination_details code and type, and the state message the service shows.</summary>
internal sealed record TaskFailure(string Code, string Type, string Message);

/// <summary>
/// What a real task run needs before its notebook can do its work, walked link by link without running any code:
/// the cluster policy admits the job cluster; the workspace's subnets have egress (else the cluster never bootstraps);
/// the notebook exists; the run-as principal can use the catalogs and schemas the notebook's tables live in and their
/// storage resolves through an external location and storage credential to a connector whose identity holds Storage
/// Blob Data Contributor on the account; the secret scope's vault grants the AzureDatabricks application. The first
/// broken link is the task's failure. The Unity Catalog links apply once a metastore is assigned to the workspace.
/// </summary>
internal sealed partial class RunWalk(DatabricksState state, IAzureResourceView azure, Func<string?, byte[]> readContent, SandboxOptions options)
{
    private const string ClientError = "CLIENT_ERROR";

    [GeneratedRegex(@"`([A-Za-z0-9_]+)`\.`([A-Za-z0-9_]+)`")]
    private static partial Regex QuotedSchema();

    [GeneratedRegex(@"^\s*CATALOG\s*=\s*""([A-Za-z0-9_]+)""", RegexOptions.Multiline)]
    private static partial Regex CatalogAssignment();

    [GeneratedRegex(@"abfss://[A-Za-z0-9-]+@[A-Za-z0-9]+\.dfs\.core\.windows\.net[^'""\s]*")]
    private static partial Regex StoragePath();

    [GeneratedRegex(@"^(?!\s*def\s).*\bsecret\(", RegexOptions.Multiline)]
    private static partial Regex SecretCall();

    [GeneratedRegex(@"(?:SECRET_SCOPE\s*=\s*|scope\s*=\s*)""([\w.@-]+)""")]
    private static partial Regex ScopeName();

    /// <summary>The first broken link of <paramref name="task"/>, or null when the task would succeed.</summary>
    public TaskFailure? Check(JsonObject job, JsonObject task, string runAs) =>
        Cluster(job, task) ?? Egress() ?? Notebook(task, runAs, out var source) ?? UnityCatalog(task, source, runAs) ?? Secrets(source);

    // ---------------------------------------------------------------- compute

    private TaskFailure? Cluster(JsonObject job, JsonObject task)
    {
        var cluster = task["new_cluster"] as JsonObject
            ?? (job["job_clusters"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["job_cluster_key"] == (string?)task["job_cluster_key"])?["new_cluster"] as JsonObject;
        if (cluster?["policy_id"]?.ToString() is not { } policyId)
        {
            return null;
        }

        if (!state.Policies.TryGetValue(policyId, out var policy))
        {
            return new("INVALID_CLUSTER_REQUEST", ClientError, $"Cluster validation error: Cluster policy {policyId} does not exist.");
        }

        return ClusterPolicyEvaluator.ParseDefinition(policy.Definition) is { } definition && ClusterPolicyEvaluator.Evaluate(definition, cluster).FirstOrDefault() is { } violation
            ? new("INVALID_CLUSTER_REQUEST", ClientError,
                $"Cluster validation error: Validation failed for {violation.Attribute}, the value {violation.Expectation} (is {violation.ShownActual}) (policy '{policy.Name}').")
            : null;
    }

    /// <summary>A VNet-injected workspace's host and container subnets each need a NAT gateway or a default route to an appliance.</summary>
    private TaskFailure? Egress()
    {
        foreach (var workspace in azure.OfType("Microsoft.Databricks/workspaces"))
        {
            var parameters = workspace["properties"]?["parameters"];
            if (parameters?["customVirtualNetworkId"]?["value"]?.ToString() is not { Length: > 0 } vnetId)
            {
                continue; // a managed VNet has its own egress
            }

            foreach (var name in new[] { "customPublicSubnetName", "customPrivateSubnetName" }.Select(p => parameters[p]?["value"]?.ToString()).OfType<string>())
            {
                if (!HasEgress(vnetId, name))
                {
                    return new("CLUSTER_ERROR", ClientError,
                        "Unexpected failure while waiting for the cluster to be ready: Cluster is in unexpected state Terminated: BOOTSTRAP_TIMEOUT(SERVICE_FAULT): "
                        + $"databricks_error_message:Self-bootstrap timed out during launch. Subnet '{name}' of {vnetId} has no outbound access (no NAT gateway, no route 0.0.0.0/0 to a virtual appliance).");
                }
            }
        }

        return null;
    }

    private bool HasEgress(string vnetId, string subnetName)
    {
        var subnet = azure.Find($"{vnetId}/subnets/{subnetName}")
            ?? (azure.Find(vnetId)?["properties"]?["subnets"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(s => string.Equals((string?)s["name"], subnetName, StringComparison.OrdinalIgnoreCase));
        var properties = subnet?["properties"];
        if (properties?["natGateway"]?["id"]?.ToString() is { Length: > 0 } nat && azure.Find(nat) is not null)
        {
            return true;
        }

        return properties?["routeTable"]?["id"]?.ToString() is { Length: > 0 } table
            && (azure.Find(table)?["properties"]?["routes"] as JsonArray ?? []).OfType<JsonObject>().Any(r =>
                (string?)r["properties"]?["addressPrefix"] == "0.0.0.0/0" && string.Equals((string?)r["properties"]?["nextHopType"], "VirtualAppliance", StringComparison.OrdinalIgnoreCase));
    }

    // ---------------------------------------------------------------- notebook

    private TaskFailure? Notebook(JsonObject task, string runAs, out string source)
    {
        source = "";
        if (task["notebook_task"]?["notebook_path"]?.ToString() is not { } path)
        {
            return null;
        }

        if (!state.Workspace.TryGetValue(path, out var notebook) || notebook.ObjectType != "NOTEBOOK")
        {
            return new("RESOURCE_NOT_FOUND", ClientError,
                $"Unable to access the notebook \"{path}\". Either it does not exist, or the identity used to run this job, {runAs}, lacks the required permissions.");
        }

        source = Encoding.UTF8.GetString(readContent(notebook.ContentSha256));
        return null;
    }

    // ---------------------------------------------------------------- Unity Catalog and storage

    private TaskFailure? UnityCatalog(JsonObject task, string source, string runAs)
    {
        var uc = state.UnityCatalog;
        if (uc.AssignedWorkspaceId is null)
        {
            return null;
        }

        var (catalogs, schemas) = DataScope(task, source);
        foreach (var catalog in catalogs)
        {
            if (!uc.Catalogs.ContainsKey(catalog))
            {
                return new("RUN_EXECUTION_ERROR", ClientError, $"[NO_SUCH_CATALOG_EXCEPTION] Catalog '{catalog}' was not found.");
            }

            if (!UnityCatalogAccess.Holds(uc, runAs, "USE_CATALOG", catalog))
            {
                return new("UNAUTHORIZED_ERROR", ClientError, $"PERMISSION_DENIED: User does not have USE CATALOG on Catalog '{catalog}'.");
            }
        }

        var paths = new SortedSet<string>(StoragePath().Matches(source).Select(m => m.Value), StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            var catalog = schema[..schema.IndexOf('.')];
            if (uc.Schemas.TryGetValue(schema, out var record))
            {
                if (!UnityCatalogAccess.Holds(uc, runAs, "USE_SCHEMA", schema))
                {
                    return new("UNAUTHORIZED_ERROR", ClientError, $"PERMISSION_DENIED: User does not have USE SCHEMA on Schema '{schema}'.");
                }

                if ((record.StorageRoot ?? (uc.Catalogs.TryGetValue(catalog, out var parent) ? parent.StorageRoot : null)) is { Length: > 0 } root)
                {
                    paths.Add(root);
                }
            }
            else if (!UnityCatalogAccess.Holds(uc, runAs, "CREATE_SCHEMA", catalog))
            {
                // The notebooks create their schema when it is missing (CREATE SCHEMA IF NOT EXISTS … MANAGED LOCATION).
                return new("UNAUTHORIZED_ERROR", ClientError, $"PERMISSION_DENIED: User does not have CREATE SCHEMA on Catalog '{catalog}'.");
            }
        }

        return paths.Select(StorageAccess).FirstOrDefault(f => f is not null);
    }

    /// <summary>The catalogs and schemas (catalog.schema) a task's notebook works in: its catalog/schema parameters and the names its source quotes.</summary>
    private static (SortedSet<string> Catalogs, SortedSet<string> Schemas) DataScope(JsonObject task, string source)
    {
        var catalogs = new SortedSet<string>(StringComparer.Ordinal);
        var schemas = new SortedSet<string>(StringComparer.Ordinal);
        var parameters = task["notebook_task"]?["base_parameters"] as JsonObject;
        var catalogParameter = parameters?["catalog"]?.ToString();
        if (catalogParameter is { Length: > 0 })
        {
            catalogs.Add(catalogParameter);
            if (parameters?["schema"]?.ToString() is { Length: > 0 } schemaParameter)
            {
                schemas.Add(catalogParameter + "." + schemaParameter);
            }
        }

        foreach (Match match in CatalogAssignment().Matches(source))
        {
            catalogs.Add(match.Groups[1].Value);
        }

        foreach (Match match in QuotedSchema().Matches(source))
        {
            catalogs.Add(match.Groups[1].Value);
            schemas.Add(match.Groups[1].Value + "." + match.Groups[2].Value);
        }

        return (catalogs, schemas);
    }

    /// <summary>A path resolves to the external location that covers it, its credential's connector, and that identity's data role on the account.</summary>
    private TaskFailure? StorageAccess(string path)
    {
        var uc = state.UnityCatalog;
        var location = uc.ExternalLocations.Values
            .Where(l => path.StartsWith(l.Url.TrimEnd('/'), StringComparison.Ordinal))
            .OrderByDescending(l => l.Url.Length)
            .FirstOrDefault();
        if (location is null)
        {
            return new("STORAGE_ACCESS_ERROR", ClientError,
                $"PERMISSION_DENIED: No external location covers '{path}': Unity Catalog has no credential for this path.");
        }

        if (!uc.StorageCredentials.TryGetValue(location.CredentialName, out var credential))
        {
            return new("STORAGE_ACCESS_ERROR", ClientError,
                $"STORAGE_CREDENTIAL_DOES_NOT_EXIST: Storage Credential '{location.CredentialName}' of External Location '{location.Name}' does not exist.");
        }

        var account = path["abfss://".Length..].Split('@', 2)[1].Split('.', 2)[0];
        var container = path["abfss://".Length..].Split('@', 2)[0];
        var denied = new TaskFailure("STORAGE_ACCESS_ERROR", ClientError,
            $"Failed to access cloud storage: [AbfsRestOperationException] Operation failed: \"This request is not authorized to perform this operation using this permission.\", 403, HEAD, "
            + $"https://{account}.dfs.core.windows.net/{container}/, AuthorizationPermissionMismatch (storage credential '{credential.Name}', access connector {credential.AccessConnectorId}).");
        var principal = azure.Find(credential.AccessConnectorId)?["identity"]?["principalId"]?.ToString();
        var storage = azure.OfType("Microsoft.Storage/storageAccounts").FirstOrDefault(s => string.Equals((string?)s["name"], account, StringComparison.OrdinalIgnoreCase));
        return principal is null || storage is null || !HoldsRole(principal, ProjectScout.Model.Azure.AzureRoleDefinitions.StorageBlobDataContributor, (string)storage["id"]!, anyServicePrincipal: false)
            ? denied
            : null;
    }

    // ---------------------------------------------------------------- secrets

    private TaskFailure? Secrets(string source)
    {
        if (!SecretCall().IsMatch(source) || ScopeName().Match(source) is not { Success: true } scopeMatch)
        {
            return null;
        }

        var name = scopeMatch.Groups[1].Value;
        if (!state.SecretScopes.TryGetValue(name, out var scope))
        {
            return new("RUN_EXECUTION_ERROR", ClientError, $"RESOURCE_DOES_NOT_EXIST: Scope {name} does not exist!");
        }

        if (scope.BackendType != "AZURE_KEYVAULT" || scope.KeyVaultResourceId is not { } vault)
        {
            return null;
        }

        return azure.Find(vault) is null || !HoldsRole(options.AzureDatabricksObjectId, ProjectScout.Model.Azure.AzureRoleDefinitions.KeyVaultSecretsUser, vault, anyServicePrincipal: options.AzureDatabricksObjectId is null)
            ? new("RUN_EXECUTION_ERROR", ClientError, $"INVALID_STATE: Databricks could not access keyvault: {scope.KeyVaultDnsName}")
            : null;
    }

    /// <summary>A role assignment of <paramref name="roleGuid"/> to the principal at a scope that covers <paramref name="resourceId"/>.</summary>
    private bool HoldsRole(string? principalId, string roleGuid, string resourceId, bool anyServicePrincipal) =>
        azure.OfType("Microsoft.Authorization/roleAssignments").Any(assignment =>
        {
            var properties = assignment["properties"];
            var id = (string?)assignment["id"] ?? "";
            var at = id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase);
            var scope = properties?["scope"]?.ToString() ?? (at > 0 ? id[..at] : "");
            var principal = properties?["principalId"]?.ToString();
            return (properties?["roleDefinitionId"]?.ToString() ?? "").EndsWith(roleGuid, StringComparison.OrdinalIgnoreCase)
                && scope.Length > 0 && resourceId.StartsWith(scope.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
                && (anyServicePrincipal
                    ? principal is { Length: > 0 } && (properties?["principalType"]?.ToString() ?? "ServicePrincipal") == "ServicePrincipal"
                    : string.Equals(principal, principalId, StringComparison.OrdinalIgnoreCase));
        });
}
