using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ProjectScout.Toolkit.Arm;

/// <summary>Options of the ARM pipeline: the toolkit's shared retry and logging model with ARM's budget.</summary>
public sealed class ArmClientOptions() : ToolkitClientOptions(maxRetries: 8, delay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(60), networkTimeout: TimeSpan.FromSeconds(100))
{
    /// <summary>How often to poll a long-running operation that sends no Retry-After.</summary>
    public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Give up on a long-running operation after this long.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(90);
}

/// <summary>The scope of one resource group: subscription and name.</summary>
public sealed record ResourceGroupScope(string SubscriptionId, string ResourceGroup)
{
    public string Path => $"/subscriptions/{SubscriptionId}/resourcegroups/{ResourceGroup}";
}

/// <summary>A resource group's location and tags (the only parts the toolkit reads or writes).</summary>
public sealed record ResourceGroupInfo(string Location, IReadOnlyDictionary<string, string> Tags);

/// <summary>One what-if change as ARM reports it (changeType: Create, Delete, Ignore, Deploy, NoChange, Modify, Unsupported).</summary>
public sealed record WhatIfChange(string ResourceId, string ChangeType, JsonObject Raw);

/// <summary>The final state of a deployment: provisioning state and outputs (name → value).</summary>
public sealed record DeploymentResult(string Name, string ProvisioningState, IReadOnlyDictionary<string, JsonNode?> Outputs);

/// <summary>
/// The few ARM REST calls the toolkit needs (resource-group deployments validate / what-if / create-or-update with
/// long-running-operation polling, generic resource GET, resource groups), over the Azure.Core HTTP pipeline with
/// a bearer-token policy. The Azure.ResourceManager.Resources packages are not on the feed (see docs/deployment.md).
/// </summary>
public sealed partial class ArmClient
{
    public const string Scope = "https://management.azure.com/.default";
    /// <summary>Resource groups, deployments and tags: the one api-version of their types.</summary>
    public const string ResourcesApiVersion = ProjectScout.Model.Azure.AzureResourceTypes.ResourcesApiVersion;

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly ArmClientOptions _options;

    public ArmClient(Uri endpoint, TokenCredential credential, ArmClientOptions? options = null)
    {
        _endpoint = endpoint;
        _options = options ?? new ArmClientOptions();
        _pipeline = HttpPipelineBuilder.Build(_options, new BearerTokenAuthenticationPolicy(credential, Scope));
    }

    public async Task<ResourceGroupInfo?> GetResourceGroupAsync(ResourceGroupScope scope, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(RequestMethod.Get, $"{scope.Path}?api-version={ResourcesApiVersion}", null, "Reading resource group " + scope.ResourceGroup, cancellationToken, allowNotFound: true);
        return status == 404 ? null : ReadGroup(body!);
    }

    /// <summary>Creates or updates the group with exactly these tags (ARM replaces the whole tag set).</summary>
    public async Task<ResourceGroupInfo> PutResourceGroupAsync(ResourceGroupScope scope, string location, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        var tagObject = new JsonObject();
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tagObject[key] = value;
        }

        var body = new JsonObject { ["location"] = location, ["tags"] = tagObject };
        var (_, response) = await SendAsync(RequestMethod.Put, $"{scope.Path}?api-version={ResourcesApiVersion}", body, "Writing resource group " + scope.ResourceGroup, cancellationToken);
        return ReadGroup(response!);
    }

    /// <summary>GET a resource by id; null when it does not exist.</summary>
    public async Task<JsonObject?> GetResourceAsync(string resourceId, string apiVersion, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(RequestMethod.Get, $"{resourceId}?api-version={apiVersion}", null, "Reading " + resourceId, cancellationToken, allowNotFound: true);
        return status == 404 ? null : body as JsonObject;
    }

    /// <summary>Preflight validation; throws <see cref="ArmException"/> with every nested detail when the template is rejected.</summary>
    public async Task ValidateAsync(ResourceGroupScope scope, string name, JsonObject template, JsonObject parameters, CancellationToken cancellationToken = default)
    {
        var operation = $"Validating deployment {name}";
        var (status, body, headers) = await SendRawAsync(RequestMethod.Post, $"{DeploymentPath(scope, name)}/validate?api-version={ResourcesApiVersion}", DeploymentBody(template, parameters), operation, cancellationToken);
        if (status == 202)
        {
            body = await PollLocationAsync(headers, operation, cancellationToken);
        }

        if (body?["error"] is JsonObject error)
        {
            throw new ArmException(400, error["code"]?.ToString() ?? "InvalidTemplate", $"{operation} failed: {ArmException.Describe(error)}");
        }
    }

    /// <summary>What-if in Incremental mode: the changes ARM predicts, one per resource.</summary>
    public async Task<IReadOnlyList<WhatIfChange>> WhatIfAsync(ResourceGroupScope scope, string name, JsonObject template, JsonObject parameters, CancellationToken cancellationToken = default)
    {
        var operation = $"What-if of deployment {name}";
        var (status, body, headers) = await SendRawAsync(RequestMethod.Post, $"{DeploymentPath(scope, name)}/whatIf?api-version={ResourcesApiVersion}", DeploymentBody(template, parameters), operation, cancellationToken);
        if (status == 202)
        {
            body = await PollLocationAsync(headers, operation, cancellationToken);
        }

        if (body?["error"] is JsonObject error && error["code"] is not null)
        {
            throw new ArmException(400, error["code"]!.ToString(), $"{operation} failed: {ArmException.Describe(error)}");
        }

        var changes = body?["properties"]?["changes"] as JsonArray ?? body?["changes"] as JsonArray ?? [];
        return changes.OfType<JsonObject>()
            .Select(c => new WhatIfChange(c["resourceId"]?.ToString() ?? "", c["changeType"]?.ToString() ?? "Unsupported", c))
            .OrderBy(c => c.ResourceId, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Create-or-update in Incremental mode and wait for the long-running operation; throws with ARM's error when it fails.</summary>
    public async Task<DeploymentResult> DeployAsync(ResourceGroupScope scope, string name, JsonObject template, JsonObject parameters, CancellationToken cancellationToken = default)
    {
        var operation = $"Deployment {name}";
        var (_, _, headers) = await SendRawAsync(RequestMethod.Put, $"{DeploymentPath(scope, name)}?api-version={ResourcesApiVersion}", DeploymentBody(template, parameters), operation, cancellationToken);
        var deadline = DateTimeOffset.UtcNow + _options.OperationTimeout;
        if (headers.TryGetValue("Azure-AsyncOperation", out var asyncOperation))
        {
            while (true)
            {
                var (_, status, statusHeaders) = await SendRawAsync(RequestMethod.Get, asyncOperation, null, operation, cancellationToken, absolute: true);
                var state = status?["status"]?.ToString() ?? "Running";
                if (IsTerminal(state))
                {
                    if (!string.Equals(state, "Succeeded", StringComparison.OrdinalIgnoreCase) && status?["error"] is JsonObject error)
                    {
                        throw new ArmException(409, error["code"]?.ToString() ?? state, $"{operation} {state.ToLowerInvariant()}: {ArmException.Describe(error)}");
                    }

                    break;
                }

                await DelayAsync(statusHeaders, deadline, operation, cancellationToken);
            }
        }
        else if (headers.ContainsKey("Location"))
        {
            await PollLocationAsync(headers, operation, cancellationToken);
        }

        // The deployment itself carries the final state, its error and the outputs.
        while (true)
        {
            var (_, deployment, deploymentHeaders) = await SendRawAsync(RequestMethod.Get, $"{DeploymentPath(scope, name)}?api-version={ResourcesApiVersion}", null, operation, cancellationToken);
            var state = deployment?["properties"]?["provisioningState"]?.ToString() ?? "Running";
            if (IsTerminal(state))
            {
                if (!string.Equals(state, "Succeeded", StringComparison.OrdinalIgnoreCase))
                {
                    var error = deployment?["properties"]?["error"] as JsonObject;
                    var detail = error is null ? "no error details" : ArmException.Describe(error);
                    throw new ArmException(409, error?["code"]?.ToString() ?? state, $"{operation} {state.ToLowerInvariant()}: {detail}");
                }

                return new DeploymentResult(name, state, ReadOutputs(deployment!));
            }

            await DelayAsync(deploymentHeaders, deadline, operation, cancellationToken);
        }
    }

    /// <summary>The outputs of an existing deployment (the values phase N+1 consumes), or null when it does not exist.</summary>
    public async Task<DeploymentResult?> GetDeploymentAsync(ResourceGroupScope scope, string name, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(RequestMethod.Get, $"{DeploymentPath(scope, name)}?api-version={ResourcesApiVersion}", null, "Reading deployment " + name, cancellationToken, allowNotFound: true);
        if (status == 404 || body is not JsonObject deployment)
        {
            return null;
        }

        return new DeploymentResult(name, deployment["properties"]?["provisioningState"]?.ToString() ?? "", ReadOutputs(deployment));
    }

    /// <summary>
    /// Replaces a runbook's draft with <paramref name="content"/> (PUT …/runbooks/{name}/draft/content, text/powershell)
    /// and waits when ARM answers 202 + Location.
    /// </summary>
    public async Task ReplaceRunbookDraftAsync(string automationAccountId, string runbook, byte[] content, string apiVersion, CancellationToken cancellationToken = default)
    {
        var operation = $"Uploading the draft of runbook {runbook}";
        var (status, _, headers) = await SendTextAsync(RequestMethod.Put, $"{RunbookPath(automationAccountId, runbook)}/draft/content?api-version={apiVersion}",
            (content, "text/powershell"), "application/json", operation, cancellationToken);
        if (status == 202)
        {
            await PollLocationAsync(headers, operation, cancellationToken);
        }
    }

    /// <summary>Publishes a runbook's draft (POST …/runbooks/{name}/publish; 202 + Location, polled to the end).</summary>
    public async Task PublishRunbookAsync(string automationAccountId, string runbook, string apiVersion, CancellationToken cancellationToken = default)
    {
        var operation = $"Publishing runbook {runbook}";
        var (status, _, headers) = await SendTextAsync(RequestMethod.Post, $"{RunbookPath(automationAccountId, runbook)}/publish?api-version={apiVersion}",
            ([], "application/json"), "application/json", operation, cancellationToken);
        if (status == 202)
        {
            await PollLocationAsync(headers, operation, cancellationToken);
        }
    }

    /// <summary>The published text of a runbook (GET …/runbooks/{name}/content) as bytes; null when nothing is published (or the runbook does not exist).</summary>
    public async Task<byte[]?> GetPublishedRunbookContentAsync(string automationAccountId, string runbook, string apiVersion, CancellationToken cancellationToken = default)
    {
        var (status, text, _) = await SendTextAsync(RequestMethod.Get, $"{RunbookPath(automationAccountId, runbook)}/content?api-version={apiVersion}", null,
            "text/powershell, application/json", $"Reading the published content of runbook {runbook}", cancellationToken, allowNotFound: true);
        return status == 404 ? null : Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The runbook resource (properties.state: New, Edit or Published); null when it does not exist.</summary>
    public Task<JsonObject?> GetRunbookAsync(string automationAccountId, string runbook, string apiVersion, CancellationToken cancellationToken = default) =>
        GetResourceAsync(RunbookPath(automationAccountId, runbook), apiVersion, cancellationToken);

    private static string RunbookPath(string automationAccountId, string runbook) => $"{automationAccountId.TrimEnd('/')}/runbooks/{Uri.EscapeDataString(runbook)}";

    internal static JsonObject DeploymentBody(JsonObject template, JsonObject parameters)
    {
        // A parameters file wraps the values in {"$schema", "contentVersion", "parameters": {...}}; ARM wants the inner object.
        var values = parameters["parameters"] as JsonObject ?? parameters;
        return new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["mode"] = "Incremental",
                ["template"] = template.DeepClone(),
                ["parameters"] = values.DeepClone(),
            },
        };
    }

    private static IReadOnlyDictionary<string, JsonNode?> ReadOutputs(JsonNode deployment)
    {
        var outputs = new SortedDictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        if (deployment["properties"]?["outputs"] is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                outputs[key] = value?["value"]?.DeepClone();
            }
        }

        return outputs;
    }

    private static bool IsTerminal(string state) =>
        state.Equals("Succeeded", StringComparison.OrdinalIgnoreCase) || state.Equals("Failed", StringComparison.OrdinalIgnoreCase) || state.Equals("Canceled", StringComparison.OrdinalIgnoreCase);

    private string DeploymentPath(ResourceGroupScope scope, string name) =>
        $"{scope.Path}/providers/Microsoft.Resources/deployments/{Uri.EscapeDataString(name)}";

    private static ResourceGroupInfo ReadGroup(JsonNode body)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (body["tags"] is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                tags[key] = value?.ToString() ?? "";
            }
        }

        return new ResourceGroupInfo(body["location"]?.ToString() ?? "", tags);
    }

    private async Task<JsonNode?> PollLocationAsync(IReadOnlyDictionary<string, string> headers, string operation, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + _options.OperationTimeout;
        if (!headers.TryGetValue("Location", out var location))
        {
            throw new ArmException(202, "NoLocation", $"{operation}: ARM accepted the request but sent no Location header to poll.");
        }

        await DelayAsync(headers, deadline, operation, cancellationToken);
        while (true)
        {
            var (status, body, next) = await SendRawAsync(RequestMethod.Get, location, null, operation, cancellationToken, absolute: true);
            if (status != 202)
            {
                return body;
            }

            await DelayAsync(next, deadline, operation, cancellationToken);
        }
    }

    private async Task DelayAsync(IReadOnlyDictionary<string, string> headers, DateTimeOffset deadline, string operation, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow > deadline)
        {
            throw new ArmException(408, "OperationTimeout", $"{operation} did not finish within {_options.OperationTimeout.TotalMinutes:0} minutes.");
        }

        var delay = _options.DefaultPollInterval;
        if (headers.TryGetValue("Retry-After", out var retryAfter) && int.TryParse(retryAfter, out var seconds))
        {
            delay = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 60));
        }

        await Task.Delay(delay, cancellationToken);
    }

    private async Task<(int Status, JsonNode? Body)> SendAsync(RequestMethod method, string pathAndQuery, JsonNode? body, string operation, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        var (status, response, _) = await SendRawAsync(method, pathAndQuery, body, operation, cancellationToken, allowNotFound: allowNotFound);
        return (status, response);
    }

    private async Task<(int Status, JsonNode? Body, IReadOnlyDictionary<string, string> Headers)> SendRawAsync(
        RequestMethod method, string pathOrUrl, JsonNode? body, string operation, CancellationToken cancellationToken, bool absolute = false, bool allowNotFound = false)
    {
        (byte[] Bytes, string ContentType)? content = body is null ? null : (Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");
        var (status, text, headers) = await SendTextAsync(method, pathOrUrl, content, "application/json", operation, cancellationToken, absolute, allowNotFound);
        if (status == 404 && allowNotFound)
        {
            return (404, null, headers);
        }

        JsonNode? parsed = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                parsed = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                throw new ArmException(status, "InvalidResponse", $"{operation}: ARM answered HTTP {status} with a body that is not JSON.");
            }
        }

        return (status, parsed, headers);
    }

    /// <summary>One request with any content type; the response body as text (errors are thrown as <see cref="ArmException"/>).</summary>
    private async Task<(int Status, string Text, IReadOnlyDictionary<string, string> Headers)> SendTextAsync(
        RequestMethod method, string pathOrUrl, (byte[] Bytes, string ContentType)? content, string accept, string operation, CancellationToken cancellationToken,
        bool absolute = false, bool allowNotFound = false)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(absolute ? new Uri(pathOrUrl) : new Uri(_endpoint, pathOrUrl.TrimStart('/')));
        request.Headers.Add("Accept", accept);
        if (content is { } payload)
        {
            request.Headers.Add("Content-Type", payload.ContentType);
            request.Content = RequestContent.Create(payload.Bytes);
        }
        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (Azure.Identity.AuthenticationFailedException ex)
        {
            throw Credentials.Unavailable(ex);
        }
        catch (Exception ex) when (ex is AggregateException || ex is Azure.RequestFailedException { Status: 0 })
        {
            // Azure.Core wraps the attempts' transport errors once its retries are spent.
            var cause = ex is AggregateException aggregate ? aggregate.InnerExceptions[^1] : ex;
            throw new Diagnostics.ToolkitException($"{operation}: cannot reach {_endpoint.GetLeftPart(UriPartial.Authority)} after retries ({(cause.InnerException ?? cause).Message}).");
        }

        var response = message.Response;
        var text = response.Content.ToString();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            headers[header.Name] = header.Value;
        }

        if (response.Status == 404 && allowNotFound)
        {
            return (404, text, headers);
        }

        if (response.Status >= 400)
        {
            throw ArmException.FromBody(response.Status, operation, text);
        }

        return (response.Status, text, headers);
    }
}
