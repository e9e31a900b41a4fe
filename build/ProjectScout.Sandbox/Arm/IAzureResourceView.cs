using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Arm;

/// <summary>
/// What the Databricks side of the sandbox may read of the Azure side, the way the real service does through the
/// resource provider: deployed resources as served (access connectors and their identities, role assignments on
/// storage and the vault, subnets and their egress). Read-only.
/// </summary>
internal interface IAzureResourceView
{
    /// <summary>The resource with this id as GET serves it, or null when it does not exist.</summary>
    JsonObject? Find(string id);

    /// <summary>Every deployed resource of one type (case-insensitive, e.g. Microsoft.Authorization/roleAssignments), sorted by id.</summary>
    IReadOnlyList<JsonObject> OfType(string type);
}
