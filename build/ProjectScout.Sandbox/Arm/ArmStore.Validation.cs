using System.Globalization;
using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Templates;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Arm;

/// <summary>Validate and what-if: a deployment evaluated and compared with what is stored, nothing applied.</summary>
internal sealed partial class ArmStore
{
    // ------------------------------------------------------------------ validate

    public async Task<(int Status, JsonObject Body)> ValidateAsync(string subscription, string resourceGroup, string name, JsonObject body)
    {
        var input = ReadDeploymentBody(body);
        RequireAllowedValues(input);
        string location;
        string groupName;
        lock (_gate)
        {
            var group = FindGroup(subscription, resourceGroup);
            location = group.Location;
            groupName = group.Name;
        }

        var result = await EvaluateAsync(input, subscription, groupName, location, name);
        if (result.Errors.Count > 0)
        {
            return (400, new JsonObject { ["error"] = InvalidTemplateError(result.Errors) });
        }

        var resources = Declared(result.PredictedResources);
        return (200, new JsonObject
        {
            ["id"] = DeploymentId(subscription, groupName, name),
            ["name"] = name,
            ["type"] = AzureResourceTypes.Deployments.Name,
            ["properties"] = new JsonObject
            {
                ["templateHash"] = TemplateHash(input.Template),
                ["parameters"] = DisplayParameters(input.Template, input.Parameters),
                ["mode"] = input.Mode,
                ["provisioningState"] = "Succeeded",
                ["timestamp"] = Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                ["duration"] = "PT0S",
                ["correlationId"] = DeterministicGuid("validate:" + name + ":" + TemplateHash(input.Template)).ToString(),
                ["validatedResources"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject { ["id"] = (string)r["id"]! }).ToArray()),
            },
        });
    }

    /// <summary>
    /// ARM refuses a parameter value outside the template's allowedValues before it accepts the deployment (400
    /// InvalidTemplate, nothing recorded); an array parameter's items are checked one by one.
    /// </summary>
    private static void RequireAllowedValues(DeploymentInput input)
    {
        foreach (var (name, declaration) in input.Template["parameters"] as JsonObject ?? [])
        {
            if (declaration?["allowedValues"] is not JsonArray allowed)
            {
                continue;
            }

            var value = input.Parameters[name]?["value"] ?? declaration["defaultValue"];
            if (value is null || value is JsonValue text && text.TryGetValue<string>(out var expression) && expression.StartsWith('['))
            {
                continue; // missing (reported by the evaluation) or a default expression
            }

            var items = value is JsonArray array && allowed.All(a => a is not JsonArray) ? array.ToList() : [value];
            if (items.Any(item => !allowed.Any(a => JsonNode.DeepEquals(a, item))))
            {
                var message = $"Deployment template validation failed: 'The provided value for the template parameter '{name}' is not valid. The parameter value is not part of the allowed value(s): '{string.Join(",", allowed.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : a?.ToJsonString()))}'.'.";
                throw new SandboxApiException(400, "InvalidTemplate", message, "parameters." + name);
            }
        }
    }

    // ------------------------------------------------------------------ what-if

    public string StartWhatIf(string subscription, string resourceGroup, string name, JsonObject body)
    {
        var input = ReadDeploymentBody(body);
        string location;
        string groupName;
        string operationId;
        lock (_gate)
        {
            var group = FindGroup(subscription, resourceGroup);
            location = group.Location;
            groupName = group.Name;
            operationId = NextId("whatif");
            Save();
        }

        var evaluation = EvaluateAsync(input, subscription, groupName, location, name);
        var result = WhatIfAsync(subscription, groupName, input.Mode, evaluation);
        _running.TryAdd(result, 0);
        _ = result.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        _whatIfs[operationId] = new WhatIfOperation { Result = result };
        return operationId;
    }

    private async Task<JsonObject> WhatIfAsync(string subscription, string resourceGroup, string mode, Task<TemplateEvaluation> evaluation)
    {
        TemplateEvaluation result;
        try
        {
            result = await evaluation;
        }
        catch (Exception ex)
        {
            return new JsonObject { ["status"] = "Failed", ["error"] = Error("InternalServerError", $"The sandbox could not evaluate the template: {ex.Message}") };
        }

        if (result.Errors.Count > 0)
        {
            return new JsonObject { ["status"] = "Failed", ["error"] = InvalidTemplateError(result.Errors) };
        }

        lock (_gate)
        {
            return new JsonObject
            {
                ["status"] = "Succeeded",
                ["properties"] = new JsonObject { ["changes"] = WhatIfChanges.Compute(Materialise(result.PredictedResources), _state.Resources.Values, subscription, resourceGroup, mode) },
            };
        }
    }

    /// <summary>202 while the what-if runs (and for the first polls), then 200 with the WhatIfOperationResult.</summary>
    public async Task<(int Status, JsonObject? Body)> GetWhatIfResultAsync(string operationId)
    {
        if (!_whatIfs.TryGetValue(operationId, out var operation))
        {
            throw new SandboxApiException(404, "OperationNotFound", $"Operation '{operationId}' could not be found (what-if results are kept in memory only).");
        }

        int polls;
        lock (operation)
        {
            polls = ++operation.Polls;
        }

        if (!operation.Result.IsCompleted || polls <= _options.OperationRunningPolls)
        {
            return (202, null);
        }

        return (200, await operation.Result);
    }
}
