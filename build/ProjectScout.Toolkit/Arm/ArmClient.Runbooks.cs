using System.Text.Json.Nodes;
using System.Text;
using Azure.Core;
using ProjectScout.Model.Arm;

namespace ProjectScout.Toolkit.Arm;

/// <summary>Automation runbooks: ARM cannot carry their text, so it is uploaded as a draft and published.</summary>
public sealed partial class ArmClient
{
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

    /// <summary>
    /// Publishes a runbook's draft (POST …/runbooks/{name}/publish; 202 + Location, polled to the end). Sent once (a 429
    /// aside): a retried publish whose first one went through finds no draft, so the caller checks the published state.
    /// </summary>
    public async Task PublishRunbookAsync(string automationAccountId, string runbook, string apiVersion, CancellationToken cancellationToken = default)
    {
        var operation = $"Publishing runbook {runbook}";
        var (status, _, headers) = await SendTextAsync(RequestMethod.Post, $"{RunbookPath(automationAccountId, runbook)}/publish?api-version={apiVersion}",
            ([], "application/json"), "application/json", operation, cancellationToken, transientOnly: true);
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
}
