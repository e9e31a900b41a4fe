using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Templates;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Arm;

internal sealed partial class ArmStore
{
    private sealed record DeploymentInput(JsonObject Template, JsonObject Parameters, string Mode);

    private sealed class WhatIfOperation
    {
        public required Task<JsonObject> Result { get; init; }
        public int Polls { get; set; }
    }

    private static DeploymentInput ReadDeploymentBody(JsonObject body)
    {
        if (body["properties"] is not JsonObject properties)
        {
            throw new SandboxApiException(400, "InvalidRequestContent", "The request content was invalid: the 'properties' object is required.");
        }

        if (properties["templateLink"] is not null || properties["parametersLink"] is not null)
        {
            throw new SandboxApiException(400, "InvalidRequestContent", "The sandbox accepts inline 'template' and 'parameters' only, not templateLink / parametersLink.");
        }

        if (properties["template"] is not JsonObject template)
        {
            throw new SandboxApiException(400, "InvalidRequestContent", "The request content was invalid: 'properties.template' (an ARM template object) is required.");
        }

        var mode = (string?)properties["mode"];
        if (!string.Equals(mode, "Incremental", StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, "Complete", StringComparison.OrdinalIgnoreCase))
        {
            throw new SandboxApiException(400, "InvalidDeploymentMode", $"The deployment mode '{mode}' is not valid; use 'Incremental' or 'Complete'.");
        }

        var parameters = properties["parameters"] as JsonObject ?? [];
        if (parameters["parameters"] is JsonObject wrapped && parameters.ContainsKey("$schema"))
        {
            parameters = wrapped;
        }

        return new DeploymentInput((JsonObject)template.DeepClone(), (JsonObject)parameters.DeepClone(),
            char.ToUpperInvariant(mode![0]) + mode[1..].ToLowerInvariant());
    }

    private Task<TemplateEvaluation> EvaluateAsync(DeploymentInput input, string subscription, string resourceGroup, string location, string deploymentName)
    {
        var request = new TemplateEvaluationRequest(input.Template, input.Parameters, subscription, resourceGroup, location, deploymentName, _options.TenantId);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            input.Template.ToJsonString(), input.Parameters.ToJsonString(), subscription, resourceGroup, location, deploymentName))));
        if (_evaluations.Count > EvaluationCacheSize)
        {
            _evaluations.Clear();
        }

        // Deploy and what-if of the same input evaluate once; a failed evaluation (e.g. cancelled) is not kept.
        var task = _evaluations.GetOrAdd(key, _ => _evaluator.EvaluateAsync(request, _stopping.Token));
        if (task.IsFaulted || task.IsCanceled)
        {
            _evaluations.TryRemove(key, out _);
        }

        return task;
    }

    private static string TemplateHash(JsonObject template)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString()));
        return BitConverter.ToUInt64(hash, 0).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parameters as ARM shows them on a deployment: type and value; secure values never kept.</summary>
    private static JsonObject DisplayParameters(JsonObject template, JsonObject parameters)
    {
        var result = new JsonObject();
        foreach (var (name, value) in parameters)
        {
            var declared = (template["parameters"] as JsonObject)?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            var type = DisplayType((string?)declared?["type"] ?? "String");
            result[name] = type.StartsWith("Secure", StringComparison.Ordinal)
                ? new JsonObject { ["type"] = type }
                : new JsonObject { ["type"] = type, ["value"] = value?["value"]?.DeepClone() };
        }

        return result;
    }

    private static string DisplayType(string type) => type.ToLowerInvariant() switch
    {
        "string" => "String",
        "int" => "Int",
        "bool" => "Bool",
        "object" => "Object",
        "array" => "Array",
        "securestring" => "SecureString",
        "secureobject" => "SecureObject",
        _ => type,
    };

    // ------------------------------------------------------------------ create-or-update (long-running)

    public (int Status, JsonObject Body, string OperationId) StartDeployment(string subscription, string resourceGroup, string name, JsonObject body)
    {
        if (!ArmDeploymentNames.IsValid(name))
        {
            throw new SandboxApiException(400, "InvalidDeploymentName", $"The deployment name '{name}' is invalid: 1-64 letters, digits, '-', '_', '.', '(' and ')'.");
        }

        var input = ReadDeploymentBody(body);
        RequireAllowedValues(input);
        DeploymentRecord record;
        string location;
        bool existed;
        lock (_gate)
        {
            var group = FindGroup(subscription, resourceGroup);
            location = group.Location;
            var key = Key(subscription, resourceGroup, name);
            existed = _state.Deployments.TryGetValue(key, out var previous);
            if (previous is { ProvisioningState: "Accepted" or "Running" })
            {
                throw new SandboxApiException(409, "DeploymentActive",
                    $"Unable to edit or replace deployment '{name}': previous deployment from '{previous.Timestamp:O}' is still active (expiration time is '{previous.Timestamp.AddDays(7):O}'). Please see https://aka.ms/arm-deploy for usage details.");
            }

            record = new DeploymentRecord
            {
                SubscriptionId = subscription,
                ResourceGroup = group.Name,
                Name = name,
                Mode = input.Mode,
                ProvisioningState = "Accepted",
                OperationId = NextId("operation"),
                CorrelationId = NextId("correlation"),
                TemplateHash = TemplateHash(input.Template),
                Timestamp = Now,
                Parameters = DisplayParameters(input.Template, input.Parameters),
            };
            _state.Deployments[key] = record;
            Save();
        }

        var evaluation = EvaluateAsync(input, subscription, record.ResourceGroup, location, name);
        var completion = CompleteDeploymentAsync(record, input, evaluation);
        _running.TryAdd(completion, 0);
        _ = completion.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        lock (_gate)
        {
            return (existed ? 200 : 201, DescribeDeployment(record), record.OperationId);
        }
    }

    private async Task CompleteDeploymentAsync(DeploymentRecord record, DeploymentInput input, Task<TemplateEvaluation> evaluation)
    {
        lock (_gate)
        {
            record.ProvisioningState = "Running";
        }

        TemplateEvaluation result;
        try
        {
            result = await evaluation;
            if (_options.DeploymentDuration > TimeSpan.Zero)
            {
                await Task.Delay(_options.DeploymentDuration);
            }
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                Fail(record, ex is OperationCanceledException
                    ? Error("DeploymentInterrupted", "The sandbox stopped while the deployment was running. Deploy again.")
                    : Error("InternalServerError", $"The sandbox could not evaluate the template: {ex.Message}"));
            }

            return;
        }

        lock (_gate)
        {
            if (result.Errors.Count > 0)
            {
                Fail(record, InvalidTemplateError(result.Errors));
                return;
            }

            var resources = Materialise(result.PredictedResources);
            var missingGroup = resources.Select(r => GroupOf((string)r["id"]!)).FirstOrDefault(g => g is not null && !_state.ResourceGroups.ContainsKey(Key(g.Value.Subscription, g.Value.Group)));
            if (missingGroup is { } group)
            {
                Fail(record, Error("DeploymentFailed", "At least one resource deployment operation failed.",
                    [Error("ResourceGroupNotFound", $"Resource group '{group.Group}' could not be found.")]));
                return;
            }

            // Azure refuses a job schedule whose runbook is not published; the whole deployment fails, nothing is written.
            if (UnpublishedRunbookErrors(resources) is { Count: > 0 } unpublished)
            {
                Fail(record, Error("DeploymentFailed", "At least one resource deployment operation failed. Please list deployment operations for details.", unpublished));
                return;
            }

            if (CreateOnlyRefusal(resources) is { } refused)
            {
                Fail(record, refused);
                return;
            }

            var deploymentKey = Key(record.SubscriptionId, record.ResourceGroup, record.Name);
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var resource in resources)
            {
                var id = (string)resource["id"]!;
                kept.Add(id.ToLowerInvariant());
                _state.Resources[id.ToLowerInvariant()] = new ResourceRecord { Id = id, Declared = resource, Deployment = deploymentKey };
            }

            if (record.Mode == "Complete")
            {
                var prefix = $"/subscriptions/{record.SubscriptionId}/resourcegroups/{record.ResourceGroup}/".ToLowerInvariant();
                foreach (var stale in _state.Resources.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !kept.Contains(k)).ToList())
                {
                    _state.Resources.Remove(stale);
                }
            }

            record.Outputs = Outputs(input.Template, result.Outputs);
            record.OutputResources = resources.Select(r => (string)r["id"]!).ToList();
            record.ProvisioningState = "Succeeded";
            record.Duration = Now - record.Timestamp;
            Save();
        }
    }

    private void Fail(DeploymentRecord record, JsonObject error)
    {
        record.ProvisioningState = "Failed";
        record.Error = error;
        record.Duration = Now - record.Timestamp;
        Save();
    }

    private static JsonObject InvalidTemplateError(IReadOnlyList<string> errors) =>
        Error("InvalidTemplate", "Deployment template validation failed: " + string.Join(" ", errors),
            errors.Select(e => Error("InvalidTemplate", e)));

    private static (string Subscription, string Group)? GroupOf(string id) =>
        ResourceId.TryParse(id, out var parsed) && parsed.ResourceGroup is { } group ? (parsed.SubscriptionId, group) : null;

    private JsonObject Outputs(JsonObject template, JsonObject evaluated)
    {
        var result = new JsonObject();
        foreach (var (name, value) in evaluated)
        {
            var declared = (template["outputs"] as JsonObject)?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            var type = DisplayType((string?)declared?["type"] ?? "String");
            result[name] = type.StartsWith("Secure", StringComparison.Ordinal)
                ? new JsonObject { ["type"] = type }
                : new JsonObject { ["type"] = type, ["value"] = ResolveReferences(value?.DeepClone()) };
        }

        return result;
    }

    public JsonObject DescribeDeployment(DeploymentRecord record)
    {
        var properties = new JsonObject
        {
            ["templateHash"] = record.TemplateHash,
            ["parameters"] = record.Parameters.DeepClone(),
            ["mode"] = record.Mode,
            ["provisioningState"] = record.ProvisioningState,
            ["timestamp"] = record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["duration"] = System.Xml.XmlConvert.ToString(record.Duration),
            ["correlationId"] = record.CorrelationId,
        };
        if (record.Outputs is not null)
        {
            properties["outputs"] = record.Outputs.DeepClone();
        }

        if (record.ProvisioningState == "Succeeded")
        {
            properties["outputResources"] = new JsonArray(record.OutputResources.Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToArray());
        }

        if (record.Error is not null)
        {
            properties["error"] = record.Error.DeepClone();
        }

        return new JsonObject
        {
            ["id"] = DeploymentId(record.SubscriptionId, record.ResourceGroup, record.Name),
            ["name"] = record.Name,
            ["type"] = AzureResourceTypes.Deployments.Name,
            ["properties"] = properties,
        };
    }

    public static string DeploymentId(string subscription, string resourceGroup, string name) =>
        ResourceId.For(subscription, resourceGroup, AzureResourceTypes.Deployments, name).ToString();

    private DeploymentRecord FindDeployment(string subscription, string resourceGroup, string name)
    {
        FindGroup(subscription, resourceGroup);
        return _state.Deployments.TryGetValue(Key(subscription, resourceGroup, name), out var record)
            ? record
            : throw new SandboxApiException(404, "DeploymentNotFound", $"Deployment '{name}' could not be found.");
    }

    public JsonObject GetDeployment(string subscription, string resourceGroup, string name)
    {
        lock (_gate)
        {
            return DescribeDeployment(FindDeployment(subscription, resourceGroup, name));
        }
    }

    public JsonObject ListDeployments(string subscription, string resourceGroup)
    {
        lock (_gate)
        {
            FindGroup(subscription, resourceGroup);
            var prefix = Key(subscription, resourceGroup) + "/";
            return new JsonObject
            {
                ["value"] = new JsonArray(_state.Deployments.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(d => (JsonNode)DescribeDeployment(d.Value)).ToArray()),
            };
        }
    }

    /// <summary>Azure-AsyncOperation polling: Running (at least <see cref="SandboxOptions.OperationRunningPolls"/> times), then Succeeded or Failed with the error.</summary>
    public JsonObject GetOperationStatus(string subscription, string resourceGroup, string name, string operationId)
    {
        lock (_gate)
        {
            var record = FindDeployment(subscription, resourceGroup, name);
            if (!string.Equals(record.OperationId, operationId, StringComparison.OrdinalIgnoreCase))
            {
                throw new SandboxApiException(404, "OperationNotFound", $"Operation '{operationId}' of deployment '{name}' could not be found.");
            }

            var polls = _polls.AddOrUpdate(operationId, 1, (_, p) => p + 1);
            var status = record.ProvisioningState is "Accepted" or "Running" || polls <= _options.OperationRunningPolls ? "Running" : record.ProvisioningState;
            var result = new JsonObject
            {
                ["id"] = DeploymentId(subscription, record.ResourceGroup, name) + "/operationStatuses/" + operationId,
                ["name"] = operationId,
                ["status"] = status,
            };
            if (status == "Failed" && record.Error is not null)
            {
                result["error"] = record.Error.DeepClone();
            }

            return result;
        }
    }

    /// <summary>Location polling: 202 while running, then 200 with the deployment.</summary>
    public (int Status, JsonObject? Body) GetOperationResult(string subscription, string resourceGroup, string name, string operationId)
    {
        var status = (string)GetOperationStatus(subscription, resourceGroup, name, operationId)["status"]!;
        return status == "Running" ? (202, null) : (200, GetDeployment(subscription, resourceGroup, name));
    }
}
