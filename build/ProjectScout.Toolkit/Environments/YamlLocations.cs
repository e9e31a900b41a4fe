using YamlDotNet.RepresentationModel;

namespace ProjectScout.Toolkit.Environments;

/// <summary>
/// Where each value of a YAML document sits (dotted path → 1-based line and column), so that a validation rule
/// written against the typed model can still name the line a user must fix.
/// </summary>
public sealed class YamlLocations
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    public static YamlLocations Read(string text)
    {
        var locations = new YamlLocations();
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count > 0)
        {
            locations.Walk(stream.Documents[0].RootNode, "");
        }

        return locations;
    }

    public bool Has(string path) => _positions.ContainsKey(path);

    /// <summary>The position of <paramref name="path"/>, or of its nearest ancestor that exists, or line 1.</summary>
    public (int Line, int Column) Of(string path)
    {
        for (var current = path; ; current = Parent(current))
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return (1, 1);
            }
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private void Walk(YamlNode node, string path)
    {
        _positions[path] = ((int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
                    Walk(value, path.Length == 0 ? name : path + "." + name);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Walk(sequence.Children[i], $"{path}[{i}]");
                }

                break;
        }
    }
}
