using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProjectScout.Model.Azure;
using ProjectScout.Model.Templates;
using ProjectScout.Sandbox.Hosting;
using ProjectScout.Sandbox.State;

namespace ProjectScout.Sandbox.Arm;

/// <summary>
/// The Azure Resource Manager side: resource groups, deployments (evaluated with the template evaluator, applied in
/// incremental or complete mode), what-if against what is stored, and the materialised resources.
/// </summary>
internal sealed partial class ArmStore
{
    public const string FileName = "arm.json";
    private const int EvaluationCacheSize = 32;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly SandboxOptions _options;
    private readonly Func<string> _workspaceAuthority;
    private readonly ITemplateEvaluator _evaluator;
    private readonly ArmState _state;
    private readonly BlobStore _runbookBlobs;
    private readonly ConcurrentDictionary<string, Task<TemplateEvaluation>> _evaluations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ConcurrentDictionary<string, int> _polls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WhatIfOperation> _whatIfs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public ArmStore(SandboxOptions options, Func<string> workspaceAuthority)
    {
        _options = options;
        _workspaceAuthority = workspaceAuthority;
        _evaluator = options.TemplateEvaluator ?? NoTemplateEvaluator.Instance;
        _path = Path.Combine(options.ResolvedStateDirectory, FileName);
        _state = JsonStateFile.Load<ArmState>(_path);

        // A sub-folder of blobs/: the Databricks store prunes only the files directly in blobs/, and Reset removes both.
        _runbookBlobs = new BlobStore(Path.Combine(options.ResolvedStateDirectory, BlobStore.FolderName, "runbooks"));
        _runbookBlobs.Prune(_state.Runbooks.Values.SelectMany(r => new[] { r.DraftSha256, r.PublishedSha256 }).OfType<string>());
    }

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    /// <summary>A deployment that was running when the sandbox stopped cannot finish: its parameters were never written (secrets). Mark it failed.</summary>
    public void ResumePending()
    {
        lock (_gate)
        {
            var interrupted = _state.Deployments.Values.Where(d => d.ProvisioningState is "Accepted" or "Running").ToList();
            foreach (var deployment in interrupted)
            {
                deployment.ProvisioningState = "Failed";
                deployment.Error = Error("DeploymentInterrupted", $"The sandbox stopped while deployment '{deployment.Name}' was running. Deploy again.");
            }

            if (interrupted.Count > 0)
            {
                Save();
            }
        }
    }

    public async Task DrainAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys);
        }
        catch (Exception)
        {
            // Evaluations cancelled by the stop are expected; their deployments are failed on the next start.
        }

        if (_evaluator is IAsyncDisposable handedIn)
        {
            await handedIn.DisposeAsync();
        }
    }

    private void Save() => JsonStateFile.Save(_path, _state);

    // ------------------------------------------------------------------ errors and helpers

    public static JsonObject Error(string code, string message, IEnumerable<JsonObject>? details = null) => new()
    {
        ["code"] = code,
        ["message"] = message,
        ["details"] = new JsonArray((details ?? []).Select(d => (JsonNode)d).ToArray()),
    };

    private static SandboxApiException ResourceGroupNotFound(string resourceGroup) =>
        new(404, "ResourceGroupNotFound", $"Resource group '{resourceGroup}' could not be found.");

    private static string Key(params string[] parts) => string.Join('/', parts).ToLowerInvariant();

    private string NextId(string purpose)
    {
        var sequence = _state.NextSequence++;
        return DeterministicGuid($"{purpose}:{sequence}").ToString();
    }

    public static Guid DeterministicGuid(string seed) => new(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16));

    [GeneratedRegex(@"^[-\w\._\(\)]{1,90}$")]
    private static partial Regex ResourceGroupName();

    // ------------------------------------------------------------------ resource groups

    private ResourceGroupRecord FindGroup(string subscription, string resourceGroup) =>
        _state.ResourceGroups.TryGetValue(Key(subscription, resourceGroup), out var group) ? group : throw ResourceGroupNotFound(resourceGroup);

    public static JsonObject Describe(ResourceGroupRecord group)
    {
        var result = new JsonObject
        {
            ["id"] = $"/subscriptions/{group.SubscriptionId}/resourceGroups/{group.Name}",
            ["name"] = group.Name,
            ["type"] = AzureResourceTypes.ResourceGroups.Name,
            ["location"] = group.Location,
        };
        if (group.ManagedBy is not null)
        {
            result["managedBy"] = group.ManagedBy;
        }

        result["tags"] = TagsNode(group.Tags);
        result["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" };
        return result;
    }

    private static JsonObject TagsNode(SortedDictionary<string, string> tags) =>
        new(tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value))));

    private static SortedDictionary<string, string> ReadTags(JsonNode? node)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return tags;
        }

        if (node is not JsonObject obj)
        {
            throw new SandboxApiException(400, "InvalidRequestContent", "The 'tags' property must be an object of string values.");
        }

        foreach (var (name, value) in obj)
        {
            if (name.Length > 512 || name.IndexOfAny(['<', '>', '%', '&', '\\', '?', '/']) >= 0)
            {
                throw new SandboxApiException(400, "InvalidTagNameCharacters", $"The tag name '{name}' is too long or has one of the characters <, >, %, &, \\, ?, /.");
            }

            var text = value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
            if (text.Length > 256)
            {
                throw new SandboxApiException(400, "InvalidTagValueLength", $"The value of tag '{name}' is longer than 256 characters.");
            }

            tags[name] = text;
        }

        if (tags.Count > 50)
        {
            throw new SandboxApiException(400, "InvalidTagCount", $"A resource group can have at most 50 tags (got {tags.Count}).");
        }

        return tags;
    }

    public JsonObject? GetResourceGroup(string subscription, string resourceGroup)
    {
        lock (_gate)
        {
            return Describe(FindGroup(subscription, resourceGroup));
        }
    }

    public bool ResourceGroupExists(string subscription, string resourceGroup)
    {
        lock (_gate)
        {
            return _state.ResourceGroups.ContainsKey(Key(subscription, resourceGroup));
        }
    }

    public JsonObject ListResourceGroups(string subscription)
    {
        lock (_gate)
        {
            var prefix = subscription.ToLowerInvariant() + "/";
            return new JsonObject
            {
                ["value"] = new JsonArray(_state.ResourceGroups.Where(g => g.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(g => (JsonNode)Describe(g.Value)).ToArray()),
            };
        }
    }

    public (int Status, JsonObject Body) PutResourceGroup(string subscription, string resourceGroup, JsonObject body)
    {
        if (!ResourceGroupName().IsMatch(resourceGroup) || resourceGroup.EndsWith('.'))
        {
            throw new SandboxApiException(400, "InvalidResourceGroupName", $"Resource group name '{resourceGroup}' is invalid: 1-90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'.");
        }

        var location = (string?)body["location"];
        if (string.IsNullOrWhiteSpace(location))
        {
            throw new SandboxApiException(400, "LocationRequired", "The location property is required for this definition.");
        }

        var tags = ReadTags(body["tags"]);
        lock (_gate)
        {
            var key = Key(subscription, resourceGroup);
            if (_state.ResourceGroups.TryGetValue(key, out var existing))
            {
                if (!string.Equals(Normalize(existing.Location), Normalize(location), StringComparison.Ordinal))
                {
                    throw new SandboxApiException(409, "InvalidResourceGroupLocation",
                        $"Invalid resource group location '{location}'. The Resource group already exists in location '{existing.Location}'.");
                }

                existing.Tags = tags;
                existing.ManagedBy = (string?)body["managedBy"] ?? existing.ManagedBy;
                Save();
                return (200, Describe(existing));
            }

            var created = new ResourceGroupRecord { SubscriptionId = subscription, Name = resourceGroup, Location = Normalize(location), Tags = tags, ManagedBy = (string?)body["managedBy"] };
            _state.ResourceGroups[key] = created;
            Save();
            return (201, Describe(created));
        }
    }

    private static string Normalize(string location) => location.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>PATCH: the tags given replace the group's tags (as ARM does); other fields are left alone.</summary>
    public JsonObject PatchResourceGroup(string subscription, string resourceGroup, JsonObject body)
    {
        lock (_gate)
        {
            var group = FindGroup(subscription, resourceGroup);
            if (body.ContainsKey("tags"))
            {
                group.Tags = ReadTags(body["tags"]);
            }

            if (body["managedBy"] is JsonValue managedBy)
            {
                group.ManagedBy = (string?)managedBy;
            }

            Save();
            return Describe(group);
        }
    }

    /// <summary>The Tags API at resource-group scope (…/providers/Microsoft.Resources/tags/default).</summary>
    public JsonObject TagsResource(string subscription, string resourceGroup, JsonObject? body, string? operation)
    {
        lock (_gate)
        {
            var group = FindGroup(subscription, resourceGroup);
            if (body is not null)
            {
                var given = ReadTags(body["properties"]?["tags"]);
                switch (operation ?? (string?)body["operation"] ?? "Replace")
                {
                    case "Replace":
                        group.Tags = given;
                        break;
                    case "Merge":
                        foreach (var (name, value) in given)
                        {
                            group.Tags[name] = value;
                        }

                        break;
                    case "Delete":
                        foreach (var name in given.Keys)
                        {
                            group.Tags.Remove(name);
                        }

                        break;
                    default:
                        throw new SandboxApiException(400, "InvalidRequestContent", $"Unknown tags operation '{operation ?? (string?)body["operation"]}'; use Replace, Merge or Delete.");
                }

                Save();
            }

            return new JsonObject
            {
                ["id"] = $"/subscriptions/{group.SubscriptionId}/resourceGroups/{group.Name}/providers/{AzureResourceTypes.Tags.Name}/default",
                ["name"] = "default",
                ["type"] = AzureResourceTypes.Tags.Name,
                ["properties"] = new JsonObject { ["tags"] = TagsNode(group.Tags) },
            };
        }
    }
}
