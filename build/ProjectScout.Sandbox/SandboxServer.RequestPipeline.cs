using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using ProjectScout.Sandbox.Faults;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox;

public sealed partial class SandboxServer
{
    /// <summary>Authentication, rate limit, faults, error shapes and the request log, around every API call.</summary>
    private sealed class RequestPipeline(PortMap ports, RequestLog requests, FaultController faults, TimeProvider clock)
    {
        public async Task InvokeAsync(HttpContext context, Func<Task> next)
        {
            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/_sandbox", StringComparison.Ordinal))
            {
                await next();
                return;
            }

            var service = context.Connection.LocalPort == ports.Arm ? SandboxService.Arm : SandboxService.Databricks;
            var endpoint = context.GetEndpoint();
            var operation = endpoint?.Metadata.GetMetadata<SandboxOperation>();
            var operationName = operation?.Name ?? (service == SandboxService.Arm ? "arm/unknown" : "unknown");
            var started = Stopwatch.GetTimestamp();
            var time = clock.GetUtcNow();
            string? fault = null;
            var dropped = false;
            try
            {
                if (operation is null || operation.Service != service)
                {
                    var status = endpoint is null || operation is not null ? 404 : 405;
                    await HttpJson.WriteErrorAsync(context, service, status,
                        service == SandboxService.Arm ? (status == 404 ? "NotFound" : "MethodNotAllowed") : "ENDPOINT_NOT_FOUND",
                        $"No API found for '{context.Request.Method} {path}' in the sandbox's {service} service.");
                    return;
                }

                if (!HasBearerToken(context))
                {
                    await WriteUnauthorizedAsync(context, service);
                    return;
                }

                if (faults.OverRateLimit())
                {
                    fault = "RateLimit";
                    context.Response.Headers.RetryAfter = "1";
                    await WriteFaultStatusAsync(context, service, FaultKind.TooManyRequests, "The sandbox's request rate limit was exceeded.");
                    return;
                }

                var decision = faults.Next(operationName);
                if (decision is not null)
                {
                    fault = decision.Kind + (decision.Rule.AfterOperation ? " (after operation)" : string.Empty);
                }

                if (decision is { Rule.AfterOperation: true })
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await RunHandlerAsync(context, next, service);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }

                    if (decision.Kind == FaultKind.Delay)
                    {
                        await Task.Delay(decision.Rule.DelayMilliseconds, context.RequestAborted);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original, context.RequestAborted);
                        return;
                    }

                    context.Response.Clear();
                    dropped = await ApplyFaultAsync(context, service, decision);
                    return;
                }

                if (decision is not null)
                {
                    if (decision.Kind == FaultKind.Delay)
                    {
                        await Task.Delay(decision.Rule.DelayMilliseconds, context.RequestAborted);
                    }
                    else
                    {
                        dropped = await ApplyFaultAsync(context, service, decision);
                        return;
                    }
                }

                await RunHandlerAsync(context, next, service);
            }
            finally
            {
                var status = dropped ? 0 : context.Response.StatusCode;
                requests.Add(time, service == SandboxService.Arm ? "arm" : "databricks", context.Request.Method, path + context.Request.QueryString, operationName, status,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, fault);
            }
        }

        private static async Task RunHandlerAsync(HttpContext context, Func<Task> next, SandboxService service)
        {
            try
            {
                await next();
            }
            catch (SandboxApiException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await HttpJson.WriteErrorAsync(context, service, ex.Status, ex.Code, ex.Message, ex.Target);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                var error = HttpJson.Malformed(service, ex.Message);
                await HttpJson.WriteErrorAsync(context, service, error.Status, error.Code, error.Message);
            }
            catch (Exception ex) when (IsWrongJsonType(ex, context) && !context.Response.HasStarted)
            {
                // A body field RequestFieldKinds does not list had a type the handler could not convert: the service
                // refuses the request (400), it does not fail (500).
                context.Response.Clear();
                var error = RequestFieldKinds.Unconvertible(service, ex);
                await HttpJson.WriteErrorAsync(context, service, error.Status, error.Code, error.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
            {
                // A defect in the sandbox itself: answer like the service's 500 so the log and the client see it.
                context.Response.Clear();
                await HttpJson.WriteErrorAsync(context, service, 500, service == SandboxService.Arm ? "InternalServerError" : "INTERNAL_ERROR",
                    $"Sandbox internal error: {ex.GetType().Name}: {ex.Message}");
            }
        }

        /// <summary>A JSON node conversion that failed on a request with a body (GetValue, AsObject, a cast of a node).</summary>
        private static bool IsWrongJsonType(Exception ex, HttpContext context) =>
            context.Request.Method is "POST" or "PUT" or "PATCH"
            && ((ex is InvalidOperationException or FormatException && ex.Source == "System.Text.Json")
                || (ex is InvalidCastException && ex.Message.Contains("System.Text.Json.Nodes", StringComparison.Ordinal)));

        private static async Task<bool> ApplyFaultAsync(HttpContext context, SandboxService service, FaultDecision decision)
        {
            switch (decision.Kind)
            {
                case FaultKind.DropConnection:
                    context.Abort();
                    return true;
                case FaultKind.TooManyRequests:
                case FaultKind.ServiceUnavailable:
                    context.Response.Headers.RetryAfter = decision.Rule.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await WriteFaultStatusAsync(context, service, decision.Kind, $"Injected fault {decision.Kind} for {decision.Rule.Operation}.");
                    return false;
                default:
                    await WriteFaultStatusAsync(context, service, decision.Kind, $"Injected fault {decision.Kind} for {decision.Rule.Operation}.");
                    return false;
            }
        }

        private static Task WriteFaultStatusAsync(HttpContext context, SandboxService service, FaultKind kind, string message)
        {
            var (status, armCode, databricksCode) = kind switch
            {
                FaultKind.TooManyRequests => (429, "TooManyRequests", "REQUEST_LIMIT_EXCEEDED"),
                FaultKind.ServiceUnavailable => (503, "ServiceUnavailable", "TEMPORARILY_UNAVAILABLE"),
                _ => (500, "InternalServerError", "INTERNAL_ERROR"),
            };
            return HttpJson.WriteErrorAsync(context, service, status, service == SandboxService.Arm ? armCode : databricksCode, message);
        }

        private static bool HasBearerToken(HttpContext context)
        {
            var header = context.Request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length && !string.IsNullOrWhiteSpace(header["Bearer ".Length..]);
        }

        private static Task WriteUnauthorizedAsync(HttpContext context, SandboxService service)
        {
            if (service == SandboxService.Arm)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\"";
                return HttpJson.WriteErrorAsync(context, service, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or is not a bearer token.");
            }

            return HttpJson.WriteErrorAsync(context, service, 401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.");
        }
    }
}
