using System.Reflection;
using System.Text.Json.Nodes;
using ProjectScout.Model.Json;
using ProjectScout.Sandbox.Arm;

namespace ProjectScout.Sandbox.State;

/// <summary>
/// Named starting states of the sandbox's Azure side (Seeds/&lt;name&gt;.json, embedded): resource groups and resources
/// that exist before any deploy, so adopting existing resources is tested (docs/sandbox.md, "Seeds").
/// </summary>
public static class SandboxSeeds
{
    private const string ResourcePrefix = "ProjectScout.Sandbox.Seeds.";

    /// <summary>The seeds this build carries, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(SandboxSeeds).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Writes the seed's groups and resources into the (reset) state in <paramref name="stateDirectory"/>, under
    /// <paramref name="subscriptionId"/> and <paramref name="tenantId"/> (the environment's); returns the ids written.
    /// </summary>
    public static IReadOnlyList<string> Load(string stateDirectory, string name, string subscriptionId, string tenantId)
    {
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"There is no sandbox seed '{name}'; the seeds are: {string.Join(", ", Names)}.", nameof(name));
        }

        using var stream = typeof(SandboxSeeds).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")!;
        var text = new StreamReader(stream).ReadToEnd().Replace("{subscriptionId}", subscriptionId, StringComparison.Ordinal).Replace("{tenantId}", tenantId, StringComparison.Ordinal);
        var seed = JsonNode.Parse(text)!.AsObject();
        var path = Path.Combine(Path.GetFullPath(stateDirectory), ArmStore.FileName);
        var state = JsonStateFile.Load<ArmState>(path);
        var written = new List<string>();
        foreach (var group in (seed["resourceGroups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var groupName = JsonPath.Str(group["name"]);
            state.ResourceGroups[$"{subscriptionId}/{groupName}".ToLowerInvariant()] = new ResourceGroupRecord
            {
                SubscriptionId = subscriptionId,
                Name = groupName,
                Location = JsonPath.Str(group["location"]),
            };
            written.Add($"/subscriptions/{subscriptionId}/resourceGroups/{groupName}");
        }

        foreach (var resource in (seed["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var declared = (JsonObject)resource.DeepClone();
            var group = JsonPath.Str(declared["resourceGroup"]);
            declared.Remove("resourceGroup");
            var types = JsonPath.Str(declared["type"]).Split('/');
            var names = JsonPath.Str(declared["name"]).Split('/');
            var id = $"/subscriptions/{subscriptionId}/resourceGroups/{group}/providers/{types[0]}/" + string.Join("/", types.Skip(1).Zip(names, (t, n) => $"{t}/{n}"));
            declared["id"] = id;
            // The seed's resources predate every deployment: no deployment wrote them.
            state.Resources[id.ToLowerInvariant()] = new ResourceRecord { Id = id, Declared = declared };
            written.Add(id);
        }

        JsonStateFile.Save(path, state);
        return written;
    }
}
