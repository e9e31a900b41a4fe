using System.Text.Json.Nodes;
using ProjectScout.Model.Azure;
using ProjectScout.Sandbox.Hosting;

namespace ProjectScout.Sandbox.Arm;

internal sealed partial class ArmStore
{
    private static readonly string RunbookType = AzureResourceTypes.Runbooks.Name;
    private static readonly string JobScheduleType = AzureResourceTypes.JobSchedules.Name;

    /// <summary>PUT …/runbooks/{name}/draft/content: stores the text as the draft (the runbook must have been deployed). Returns the operation to poll.</summary>
    public string ReplaceRunbookDraft(string runbookId, byte[] content)
    {
        lock (_gate)
        {
            var contents = RunbookContents(runbookId);
            contents.DraftSha256 = _runbookBlobs.Put(content);
            Save();
            return CompletedOperation();
        }
    }

    /// <summary>POST …/runbooks/{name}/publish: the draft becomes the published content (state Published).</summary>
    public string PublishRunbook(string runbookId)
    {
        lock (_gate)
        {
            var contents = RunbookContents(runbookId);
            if (contents.DraftSha256 is null)
            {
                throw new SandboxApiException(400, "BadRequest", $"Runbook '{runbookId[(runbookId.LastIndexOf('/') + 1)..]}' has no draft to publish; upload its content first (PUT …/draft/content).");
            }

            contents.PublishedSha256 = contents.DraftSha256;
            contents.DraftSha256 = null;
            Save();
            return CompletedOperation();
        }
    }

    /// <summary>GET …/runbooks/{name}/content: the published text; 404 when the runbook was never published.</summary>
    public byte[] GetPublishedRunbook(string runbookId)
    {
        lock (_gate)
        {
            var contents = RunbookContents(runbookId);
            return contents.PublishedSha256 is { } hash
                ? _runbookBlobs.Get(hash)
                : throw new SandboxApiException(404, "NotFound", $"The runbook '{runbookId[(runbookId.LastIndexOf('/') + 1)..]}' has no published content.");
        }
    }

    /// <summary>New (never edited), Edit (a draft is pending) or Published, as Azure reports properties.state.</summary>
    private string RunbookState(string runbookId) =>
        !_state.Runbooks.TryGetValue(runbookId.ToLowerInvariant(), out var contents) ? "New"
        : contents.PublishedSha256 is null ? (contents.DraftSha256 is null ? "New" : "Edit")
        : contents.DraftSha256 is null ? "Published" : "Edit";

    /// <summary>
    /// A job schedule can only link a published runbook (Azure refuses the jobSchedules PUT otherwise): one error per
    /// job schedule of <paramref name="resources"/> whose runbook is not published.
    /// </summary>
    private List<JsonObject> UnpublishedRunbookErrors(IEnumerable<JsonObject> resources)
    {
        var errors = new List<JsonObject>();
        foreach (var schedule in resources.Where(r => string.Equals((string?)r["type"], JobScheduleType, StringComparison.OrdinalIgnoreCase)))
        {
            var id = (string)schedule["id"]!;
            var account = id[..id.IndexOf("/jobSchedules/", StringComparison.OrdinalIgnoreCase)];
            var runbook = (string?)schedule["properties"]?["runbook"]?["name"] ?? string.Empty;
            var published = _state.Runbooks.TryGetValue($"{account}/runbooks/{runbook}".ToLowerInvariant(), out var contents) && contents.PublishedSha256 is not null;
            if (!published)
            {
                var error = Error("BadRequest", $"The runbook '{runbook}' is not published, so job schedule '{id[(id.LastIndexOf('/') + 1)..]}' cannot link it. Publish the runbook first.");
                error["target"] = id;
                errors.Add(error);
            }
        }

        return errors;
    }

    /// <summary>The contents record of a runbook a deployment materialised; 404 in ARM's shape otherwise.</summary>
    private RunbookContentRecord RunbookContents(string runbookId)
    {
        var key = runbookId.TrimEnd('/').ToLowerInvariant();
        if (!_state.Resources.TryGetValue(key, out var record) || !string.Equals((string?)record.Declared["type"], RunbookType, StringComparison.OrdinalIgnoreCase))
        {
            GetResource(runbookId); // throws ResourceGroupNotFound / ResourceNotFound in ARM's words
            throw new SandboxApiException(404, "ResourceNotFound", $"'{runbookId}' is not a runbook.");
        }

        if (!_state.Runbooks.TryGetValue(key, out var contents))
        {
            contents = new RunbookContentRecord();
            _state.Runbooks[key] = contents;
        }

        return contents;
    }

    /// <summary>A long-running operation that is already done: polled through the what-if operation results (202 for the first polls, then 200).</summary>
    private string CompletedOperation()
    {
        var operationId = NextId("runbook");
        _whatIfs[operationId] = new WhatIfOperation { Result = Task.FromResult(new JsonObject { ["status"] = "Succeeded" }) };
        return operationId;
    }
}
