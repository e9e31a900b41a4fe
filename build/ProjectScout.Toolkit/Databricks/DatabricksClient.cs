using System.Text.Json.Nodes;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Core;
using ProjectScout.Model.Databricks;

namespace ProjectScout.Toolkit.Databricks;

/// <summary>
/// The Databricks REST calls the toolkit needs, over the same Azure.Core HTTP pipeline model as the ARM client: its
/// exponential retry (honouring Retry-After), a client-side rate-limit policy and an Entra ID bearer-token policy.
/// Payloads stay JsonObject so fields and enum values the toolkit does not model survive a read-modify-write untouched.
/// </summary>
public sealed partial class DatabricksClient : IDisposable
{
    /// <summary>No single call (its retries included) runs longer than this.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(10);

    private readonly HttpPipeline _pipeline;
    private readonly HttpClient _http;
    private readonly RateLimitPolicy _rateLimit;

    public DatabricksClient(DatabricksClientOptions options)
    {
        _rateLimit = new RateLimitPolicy(options.RateLimitPerSecond);
        _http = new HttpClient(PinnedCertificate.Handler(options.PinnedCertificate)) { Timeout = Timeout.InfiniteTimeSpan };
        var pipelineOptions = new DatabricksPipelineOptions(options) { Transport = new HttpClientTransport(_http) };
        pipelineOptions.BuildRetryPolicy();
        _pipeline = HttpPipelineBuilder.Build(new HttpPipelineOptions(pipelineOptions)
        {
            // Paced first, then authenticated: a request that waited for its slot still leaves with a fresh token.
            PerRetryPolicies = { _rateLimit, new DatabricksAuthenticationPolicy(options) },
            ResponseClassifier = new DatabricksResponseClassifier(),
        });
        Host = options.Host;
    }

    public Uri Host { get; }

    /// <summary>Requests sent, every retry attempt included (what the rate limit paces).</summary>
    public int RequestCount => _rateLimit.Requests;

    // ---- workspace -------------------------------------------------------------------------------------------

    public Task MkdirsAsync(string path, CancellationToken ct = default) =>
        PostAsync("api/2.0/workspace/mkdirs", new JsonObject { ["path"] = path }, "workspace/mkdirs " + path, ct);

    public Task ImportAsync(string path, byte[] content, string language, bool overwrite, CancellationToken ct = default) =>
        PostAsync("api/2.0/workspace/import", new JsonObject
        {
            ["path"] = path,
            ["format"] = "SOURCE",
            ["language"] = language,
            ["content"] = Convert.ToBase64String(content),
            ["overwrite"] = overwrite,
        }, "workspace/import " + path, ct);

    /// <summary>A workspace file's bytes (format RAW), overwriting what is at the path.</summary>
    public Task ImportFileAsync(string path, byte[] content, CancellationToken ct = default) =>
        PostAsync("api/2.0/workspace/import", new JsonObject
        {
            ["path"] = path,
            ["format"] = "RAW",
            ["content"] = Convert.ToBase64String(content),
            ["overwrite"] = true,
        }, "workspace/import " + path, ct);

    /// <summary>The notebook's source (a file's bytes with format RAW), or null when nothing is at the path.</summary>
    public async Task<byte[]?> ExportAsync(string path, CancellationToken ct = default, string format = "SOURCE")
    {
        var body = await GetAsync($"api/2.0/workspace/export?path={Uri.EscapeDataString(path)}&format={format}", "workspace/export " + path, ct, allowNotFound: true);
        return body?["content"] is JsonNode content ? Convert.FromBase64String(content.ToString()) : body is null ? null : [];
    }

    public Task<JsonObject?> GetStatusAsync(string path, CancellationToken ct = default) =>
        GetAsync($"api/2.0/workspace/get-status?path={Uri.EscapeDataString(path)}", "workspace/get-status " + path, ct, allowNotFound: true);

    /// <summary>The direct children of a directory (empty when the directory does not exist).</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string path, CancellationToken ct = default)
    {
        var body = await GetAsync($"api/2.0/workspace/list?path={Uri.EscapeDataString(path)}", "workspace/list " + path, ct, allowNotFound: true);
        return (body?["objects"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    public Task DeleteAsync(string path, bool recursive, CancellationToken ct = default) =>
        PostAsync("api/2.0/workspace/delete", new JsonObject { ["path"] = path, ["recursive"] = recursive }, "workspace/delete " + path, ct);

    // ---- jobs ------------------------------------------------------------------------------------------------

    /// <summary>jobs/create is not idempotent: this sends it once (a 429 aside); the caller looks the job up before any retry.</summary>
    public async Task<long> CreateJobAsync(JsonObject settings, CancellationToken ct = default)
    {
        var body = await SendAsync(HttpMethod.Post, "api/2.2/jobs/create", settings, "jobs/create " + settings["name"], ct, notIdempotent: true);
        return body!["job_id"]!.GetValue<long>();
    }

    /// <summary>A job with every task and job cluster (jobs/get pages lists of more than 100), or null.</summary>
    public async Task<JsonObject?> GetJobAsync(long jobId, CancellationToken ct = default)
    {
        var job = await GetAsync($"api/2.2/jobs/get?job_id={jobId}", $"jobs/get {jobId}", ct, allowNotFound: true);
        var token = job?["next_page_token"]?.ToString();
        while (job is not null && !string.IsNullOrEmpty(token))
        {
            var page = await GetAsync($"api/2.2/jobs/get?job_id={jobId}&page_token={Uri.EscapeDataString(token)}", $"jobs/get {jobId}", ct);
            foreach (var list in new[] { "tasks", "job_clusters", "parameters", "environments" })
            {
                if (page?["settings"]?[list] is JsonArray more)
                {
                    var target = job["settings"]![list] as JsonArray ?? (JsonArray)(job["settings"]![list] = new JsonArray());
                    foreach (var item in more.ToList())
                    {
                        target.Add(item?.DeepClone());
                    }
                }
            }

            token = page?["next_page_token"]?.ToString();
        }

        job?.Remove("next_page_token");
        return job;
    }

    /// <summary>Every job (all pages), optionally filtered by exact name; with tasks when <paramref name="expandTasks"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListJobsAsync(string? name = null, bool expandTasks = false, CancellationToken ct = default)
    {
        var jobs = new List<JsonObject>();
        string? token = null;
        do
        {
            var query = new StringBuilder("api/2.2/jobs/list?limit=100");
            if (expandTasks)
            {
                query.Append("&expand_tasks=true");
            }

            if (name is not null)
            {
                query.Append("&name=").Append(Uri.EscapeDataString(name));
            }

            if (token is not null)
            {
                query.Append("&page_token=").Append(Uri.EscapeDataString(token));
            }

            var page = await GetAsync(query.ToString(), "jobs/list", ct);
            jobs.AddRange((page?["jobs"] as JsonArray ?? []).OfType<JsonObject>().Select(j => (JsonObject)j.DeepClone()));
            token = page?["has_more"]?.GetValue<bool>() == true ? page["next_page_token"]?.ToString() : null;
        }
        while (!string.IsNullOrEmpty(token));

        return jobs;
    }

    /// <summary>Replaces all settings of a job (what the toolkit uses for updates: the desired JSON is the whole truth).</summary>
    public Task ResetJobAsync(long jobId, JsonObject settings, CancellationToken ct = default) =>
        PostAsync("api/2.2/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = settings.DeepClone() }, $"jobs/reset {jobId}", ct);

    public Task UpdateJobAsync(long jobId, JsonObject newSettings, IEnumerable<string> fieldsToRemove, CancellationToken ct = default) =>
        PostAsync("api/2.2/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["new_settings"] = newSettings.DeepClone(),
            ["fields_to_remove"] = new JsonArray(fieldsToRemove.Select(f => (JsonNode)f).ToArray()),
        }, $"jobs/update {jobId}", ct);

    public async Task DeleteJobAsync(long jobId, CancellationToken ct = default)
    {
        try
        {
            await PostAsync("api/2.2/jobs/delete", new JsonObject { ["job_id"] = jobId }, $"jobs/delete {jobId}", ct);
        }
        catch (DatabricksApiException ex) when (ex.IsNotFound)
        {
            // Deleted already (a retried delete whose first attempt went through).
        }
    }

    // ---- cluster policies ------------------------------------------------------------------------------------

    public async Task<string> CreatePolicyAsync(string name, string definition, string description, CancellationToken ct = default)
    {
        var body = await SendAsync(HttpMethod.Post, "api/2.0/policies/clusters/create",
            new JsonObject { ["name"] = name, ["definition"] = definition, ["description"] = description }, "policies/create " + name, ct);
        return body!["policy_id"]!.ToString();
    }

    public Task EditPolicyAsync(string policyId, string name, string definition, string description, CancellationToken ct = default) =>
        PostAsync("api/2.0/policies/clusters/edit",
            new JsonObject { ["policy_id"] = policyId, ["name"] = name, ["definition"] = definition, ["description"] = description }, "policies/edit " + name, ct);

    public Task<JsonObject?> GetPolicyAsync(string policyId, CancellationToken ct = default) =>
        GetAsync($"api/2.0/policies/clusters/get?policy_id={Uri.EscapeDataString(policyId)}", "policies/get " + policyId, ct, allowNotFound: true);

    public async Task<IReadOnlyList<JsonObject>> ListPoliciesAsync(CancellationToken ct = default)
    {
        var body = await GetAsync("api/2.0/policies/clusters/list", "policies/list", ct);
        return (body?["policies"] as JsonArray ?? []).OfType<JsonObject>().Select(p => (JsonObject)p.DeepClone()).ToList();
    }

    public Task DeletePolicyAsync(string policyId, CancellationToken ct = default) =>
        PostAsync("api/2.0/policies/clusters/delete", new JsonObject { ["policy_id"] = policyId }, "policies/delete " + policyId, ct);

    // ---- secret scopes and permissions ----------------------------------------------------------------------

    public Task CreateKeyVaultScopeAsync(string scope, string keyVaultResourceId, string keyVaultUri, CancellationToken ct = default) =>
        PostAsync("api/2.0/secrets/scopes/create", new JsonObject
        {
            ["scope"] = scope,
            ["scope_backend_type"] = "AZURE_KEYVAULT",
            ["backend_azure_keyvault"] = new JsonObject { ["resource_id"] = keyVaultResourceId, ["dns_name"] = keyVaultUri },
        }, "secrets/scopes/create " + scope, ct);

    public async Task<IReadOnlyList<JsonObject>> ListScopesAsync(CancellationToken ct = default)
    {
        var body = await GetAsync("api/2.0/secrets/scopes/list", "secrets/scopes/list", ct);
        return (body?["scopes"] as JsonArray ?? []).OfType<JsonObject>().Select(s => (JsonObject)s.DeepClone()).ToList();
    }

    public Task<JsonObject?> GetPermissionsAsync(string objectType, string objectId, CancellationToken ct = default) =>
        GetAsync($"api/2.0/permissions/{objectType}/{Uri.EscapeDataString(objectId)}", $"permissions/get {objectType}/{objectId}", ct, allowNotFound: true);

    /// <summary>PUT: replaces every direct grant with <paramref name="accessControlList"/>.</summary>
    public Task<JsonObject?> SetPermissionsAsync(string objectType, string objectId, JsonArray accessControlList, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, $"api/2.0/permissions/{objectType}/{Uri.EscapeDataString(objectId)}",
            new JsonObject { ["access_control_list"] = accessControlList.DeepClone() }, $"permissions/set {objectType}/{objectId}", ct);

    // ---- transport -------------------------------------------------------------------------------------------

    private Task<JsonObject?> GetAsync(string path, string operation, CancellationToken ct, bool allowNotFound = false) =>
        SendAsync(HttpMethod.Get, path, null, operation, ct, allowNotFound: allowNotFound);

    private Task PostAsync(string path, JsonObject body, string operation, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, body, operation, ct);

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonObject? body, string operation, CancellationToken ct,
        bool allowNotFound = false, bool notIdempotent = false)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Parse(method.Method);
        request.Uri.Reset(new Uri(Host, path));
        request.Headers.SetValue("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.SetValue("Content-Type", "application/json");
            request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToJsonString()));
        }

        if (notIdempotent)
        {
            DatabricksResponseClassifier.MarkNotIdempotent(message);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        try
        {
            await _pipeline.SendAsync(message, timeout.Token);
        }
        catch (Azure.Identity.AuthenticationFailedException ex)
        {
            throw Arm.Credentials.Unavailable(ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new DatabricksTransportException($"{operation}: timed out", ex);
        }
        catch (Exception ex) when (ex is AggregateException or HttpRequestException or IOException or Azure.RequestFailedException { Status: 0 })
        {
            // Azure.Core wraps the attempts' transport errors once its retries are spent.
            var cause = ex is AggregateException aggregate ? aggregate.InnerExceptions[^1] : ex;
            throw new DatabricksTransportException($"{operation}: cannot reach {Host.GetLeftPart(UriPartial.Authority)} ({(cause.InnerException ?? cause).Message})", ex);
        }

        var response = message.Response;
        var text = response.Content.ToString();
        if (response.Status == 404 && allowNotFound)
        {
            return null;
        }

        if (response.Status >= 400)
        {
            var error = DatabricksApiException.FromBody(response.Status, text, operation);
            if (allowNotFound && error.IsNotFound)
            {
                return null;
            }

            throw error;
        }

        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? new JsonObject();
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The request may or may not have reached the service (dropped connection, timeout).</summary>
public sealed class DatabricksTransportException(string message, Exception inner) : Exception(message, inner);
