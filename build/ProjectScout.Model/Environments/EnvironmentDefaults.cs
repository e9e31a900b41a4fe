using YamlDotNet.RepresentationModel;

namespace ProjectScout.Model.Environments;

/// <summary>
/// templates/environments/defaults.yaml: the values every environment shares, declared once and deep-merged beneath each
/// environment file. It is not an environment (never listed, validated, documented or deployed on its own).
/// </summary>
public static class EnvironmentDefaults
{
    /// <summary>The file's name without extension; refused as an environment name.</summary>
    public const string Name = "defaults";

    public const string FileName = Name + EnvironmentFiles.Extension;

    /// <summary>What makes an environment itself (its identity, subscription, resource names, principals): never shared.</summary>
    public static readonly IReadOnlyList<string> EnvironmentOnlyKeys = ["name", "displayName", "kind", "isProduction", "azure", "names", "principals"];

    /// <summary>The keys of <paramref name="defaults"/> that only an environment may set, with their nodes (for the line).</summary>
    public static IReadOnlyList<(string Key, YamlNode Node)> EnvironmentOnly(YamlMappingNode defaults) =>
        defaults.Children.Select(c => (Key: KeyName(c.Key), Node: c.Key)).Where(c => EnvironmentOnlyKeys.Contains(c.Key, StringComparer.Ordinal)).ToList();

    /// <summary>
    /// The environment over the defaults: a key both declare as a mapping merges key by key; otherwise the
    /// environment's value replaces the default's whole (a list replaces the whole list). The key and value nodes are
    /// the files' own, so each keeps its position in the file it came from.
    /// </summary>
    public static YamlMappingNode Merge(YamlMappingNode defaults, YamlMappingNode environment)
    {
        var merged = new YamlMappingNode();
        var overrides = environment.Children.ToDictionary(c => KeyName(c.Key), StringComparer.Ordinal);
        foreach (var (key, value) in defaults.Children)
        {
            if (!overrides.Remove(KeyName(key), out var own))
            {
                merged.Add(key, value);
            }
            else if (value is YamlMappingNode defaultMapping && own.Value is YamlMappingNode ownMapping)
            {
                merged.Add(own.Key, Merge(defaultMapping, ownMapping));
            }
            else
            {
                merged.Add(own.Key, own.Value);
            }
        }

        foreach (var (key, value) in environment.Children.Where(c => overrides.ContainsKey(KeyName(c.Key))))
        {
            merged.Add(key, value);
        }

        return merged;
    }

    /// <summary>Every node of a document, to tell which file a merged document's value came from.</summary>
    public static HashSet<YamlNode> Nodes(YamlNode root)
    {
        var nodes = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        nodes.UnionWith(root.AllNodes);
        return nodes;
    }

    private static string KeyName(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
}
