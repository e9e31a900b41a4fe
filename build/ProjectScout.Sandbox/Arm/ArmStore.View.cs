using System.Text.Json.Nodes;

namespace ProjectScout.Sandbox.Arm;

internal sealed partial class ArmStore : IAzureResourceView
{
    public JsonObject? Find(string id)
    {
        lock (_gate)
        {
            var key = id.Replace("//", "/", StringComparison.Ordinal).TrimEnd('/').ToLowerInvariant();
            return _state.Resources.TryGetValue(key, out var record) ? Served(record.Declared) : null;
        }
    }

    public IReadOnlyList<JsonObject> OfType(string type)
    {
        lock (_gate)
        {
            return _state.Resources.Values
                .Where(r => string.Equals((string?)r.Declared["type"], type, StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => Served(r.Declared))
                .ToList();
        }
    }

    /// <summary>Test-only: stores a resource as if a deployment had declared it (no deployment recorded).</summary>
    public void Seed(JsonObject declared)
    {
        lock (_gate)
        {
            var id = (string)declared["id"]!;
            _state.Resources[id.TrimEnd('/').ToLowerInvariant()] = new ResourceRecord { Id = id, Declared = (JsonObject)declared.DeepClone() };
            Save();
        }
    }
}
