using System.Text.Json.Nodes;
using System.Text;
using Azure.Core;
using ProjectScout.Model.Arm;

namespace ProjectScout.Toolkit.Arm;

/// <summary>Deployment create-or-update: one PUT, then the long-running operation followed to its end.</summary>
public sealed partial class ArmClient
{
    /// <summary>
    /// Create-or-update in Incremental mode and wait for the long-running operation; throws with ARM's error when it fails.
    /// The PUT is sent once (a 429 aside): when its answer is lost (a 5xx, a dropped connection) ARM may have accepted it,
    /// so the deployment is read back by its name and polled rather than sent again, and a 409 DeploymentActive (the same
    /// deployment already running) is waited for.
    /// </summary>
    public async Task<DeploymentResult> DeployAsync(ResourceGroupScope scope, string name, JsonObject template, JsonObject parameters, CancellationToken cancellationToken = default)
    {
        var operation = $"Deployment {name}";
        var deadline = DateTimeOffset.UtcNow + _options.OperationTimeout;
        var headers = await StartDeploymentAsync(scope, name, template, parameters, operation, cancellationToken);
        if (headers is not null && headers.TryGetValue("Azure-AsyncOperation", out var asyncOperation))
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
        else if (headers is not null && headers.ContainsKey("Location"))
        {
            await PollLocationAsync(headers, operation, cancellationToken);
        }

        // The deployment itself carries the final state, its error and the outputs.
        var poll = 0;
        while (true)
        {
            var (_, deployment, _) = await SendRawAsync(RequestMethod.Get, $"{DeploymentPath(scope, name)}?api-version={ResourcesApiVersion}", null, operation, cancellationToken);
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

            await DelayAsync(RecoveryPoll(poll++), deadline, operation, cancellationToken);
        }
    }

    /// <summary>
    /// Sends the deployment PUT and returns its polling headers, or null when the deployment is to be followed by its
    /// name: the answer was lost after ARM accepted it, or the same deployment is already running (409 DeploymentActive).
    /// A PUT that ARM never accepted is sent again: after a 500 once (<see cref="ToolkitRetryPolicy.MaxTriesOnServerError"/>
    /// tries), after a transient failure up to <see cref="MaxTransientPutTries"/> tries.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>?> StartDeploymentAsync(ResourceGroupScope scope, string name, JsonObject template, JsonObject parameters, string operation, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (_, _, headers) = await SendRawAsync(RequestMethod.Put, $"{DeploymentPath(scope, name)}?api-version={ResourcesApiVersion}", DeploymentBody(template, parameters),
                    operation, cancellationToken, transientOnly: true);
                return headers;
            }
            catch (ArmException ex) when (ex.Code == "DeploymentActive")
            {
                return null; // the same name is the same content: wait for the running one
            }
            catch (Exception ex) when (ex is ArmException { Status: >= 500 } || IsTransport(ex))
            {
                var (status, deployment) = await SendAsync(RequestMethod.Get, $"{DeploymentPath(scope, name)}?api-version={ResourcesApiVersion}", null, operation, cancellationToken, allowNotFound: true);
                if (status != 404 && deployment is not null && AcceptedSince(deployment, started))
                {
                    return null;
                }

                // Not accepted: a 500 is tried twice in all; a transient failure (503, a dropped connection) a few times, after a pause.
                if (attempt >= (ex is ArmException { Status: 500 } ? ToolkitRetryPolicy.MaxTriesOnServerError : MaxTransientPutTries))
                {
                    throw;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(_options.DefaultPollInterval.TotalMilliseconds, 500 * attempt)), cancellationToken);
            }
        }
    }

    /// <summary>Whether the deployment read back is running, or was written by ARM after <paramref name="since"/> (clock skew allowed).</summary>
    private static bool AcceptedSince(JsonNode deployment, DateTimeOffset since)
    {
        var state = deployment["properties"]?["provisioningState"]?.ToString() ?? "";
        if (!IsTerminal(state))
        {
            return true;
        }

        return DateTimeOffset.TryParse(deployment["properties"]?["timestamp"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var written)
               && written >= since - ClockSkew;
    }

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private const int MaxTransientPutTries = 4;

    /// <summary>A deployment GET sends no Retry-After: poll quickly at first, then at the default interval.</summary>
    private IReadOnlyDictionary<string, string> RecoveryPoll(int poll) => new Dictionary<string, string>
    {
        ["Retry-After-Ms"] = ((int)Math.Min(_options.DefaultPollInterval.TotalMilliseconds, 250 * Math.Pow(2, poll))).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool IsTransport(Exception exception) => exception is Model.Diagnostics.ToolkitException && exception.Data.Contains(TransportFailure);

    private const string TransportFailure = "projectscout.transport";
}
