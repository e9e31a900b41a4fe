using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Arm;

/// <summary>The persisted Azure side (arm.json): resource groups, deployments and the resources deployments materialised.</summary>
internal sealed class ArmState
{
    public long NextSequence { get; set; } = 1;

    /// <summary>Keyed "subscription/resourcegroup" in lower case (ARM names are case-insensitive).</summary>
    public SortedDictionary<string, ResourceGroupRecord> ResourceGroups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Keyed "subscription/resourcegroup/deployment" in lower case.</summary>
    public SortedDictionary<string, DeploymentRecord> Deployments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Keyed by resource id in lower case.</summary>
    public SortedDictionary<string, ResourceRecord> Resources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Automation runbook contents (draft and published, as blob hashes), keyed by runbook resource id in lower case.</summary>
    public SortedDictionary<string, RunbookContentRecord> Runbooks { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A runbook's text, kept beside the resource (ARM cannot deploy it): a redeploy of the runbook resource keeps it, as the
/// toolkit expects of Azure.
/// </summary>
internal sealed class RunbookContentRecord
{
    public string? DraftSha256 { get; set; }
    public string? PublishedSha256 { get; set; }
}

internal sealed class ResourceGroupRecord
{
    public required string SubscriptionId { get; set; }
    public required string Name { get; set; }
    public required string Location { get; set; }
    public SortedDictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
    public string? ManagedBy { get; set; }
}

internal sealed class DeploymentRecord
{
    public required string SubscriptionId { get; set; }
    public required string ResourceGroup { get; set; }
    public required string Name { get; set; }
    public required string Mode { get; set; }

    /// <summary>Accepted, Running, Succeeded, Failed.</summary>
    public required string ProvisioningState { get; set; }
    public required string OperationId { get; set; }
    public required string CorrelationId { get; set; }
    public required string TemplateHash { get; set; }
    public required DateTimeOffset Timestamp { get; set; }
    public TimeSpan Duration { get; set; }

    /// <summary>Parameters as submitted, with secure values replaced (they are never written).</summary>
    public JsonObject Parameters { get; set; } = [];
    public JsonObject? Outputs { get; set; }
    public List<string> OutputResources { get; set; } = [];
    public JsonObject? Error { get; set; }
}

internal sealed class ResourceRecord
{
    public required string Id { get; set; }

    /// <summary>The resource as the template declared it (what-if compares against this), secrets replaced by hashes.</summary>
    public required JsonObject Declared { get; set; }

    /// <summary>The deployment that last wrote it ("subscription/resourcegroup/deployment").</summary>
    public string? Deployment { get; set; }
}
