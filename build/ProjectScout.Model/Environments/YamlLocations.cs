using YamlDotNet.RepresentationModel;

namespace ProjectScout.Model.Environments;

/// <summary>
/// Where each value of a YAML document sits (dotted path → 1-based line and column), so that a validation rule
/// written against the typed model can still name the line a user must fix.
/// </summary>
public sealed class YamlLocations
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    // The file each value came from, when the document merges several (environment defaults beneath an environment).
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public static YamlLocations Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count > 0 ? Of(stream.Documents[0].RootNode) : new YamlLocations();
    }

    /// <summary>The positions in a parsed document; <paramref name="fileOf"/> names the file a key or item node was read from (null: the document's own).</summary>
    public static YamlLocations Of(YamlNode root, Func<YamlNode, string?>? fileOf = null)
    {
        var locations = new YamlLocations();
        locations.Walk(root, "", ((int)root.Start.Line, (int)root.Start.Column), fileOf ?? (_ => null), null);
        return locations;
    }

    public bool Has(string path) => _positions.ContainsKey(path);

    /// <summary>The file <paramref name="path"/> (or its nearest existing ancestor) was read from, or null for the document's own file.</summary>
    public string? FileOf(string path)
    {
        for (var current = path; ; current = Parent(current))
        {
            if (_positions.ContainsKey(current))
            {
                return _files.GetValueOrDefault(current);
            }

            if (current.Length == 0)
            {
                return null;
            }
        }
    }

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

    /// <summary>
    /// Where the YAML scanner stops understanding the text: used when the parser fails without a position of its own
    /// (YamlDotNet throws a bare InvalidOperationException for some unterminated flow collections).
    /// </summary>
    public static (int Line, int Column) LastReadablePosition(string text)
    {
        var scanner = new YamlDotNet.Core.Scanner(new StringReader(text));
        var position = (1, 1);
        try
        {
            while (scanner.MoveNext())
            {
                position = ((int)scanner.Current!.Start.Line, (int)scanner.Current.Start.Column);
            }
        }
        catch (Exception)
        {
            // The position of the last token read is the answer.
        }

        return position;
    }

    // A value is located at its key (the line a user edits), or at its own start for sequence items and the root.
    private void Walk(YamlNode node, string path, (int Line, int Column) position, Func<YamlNode, string?> fileOf, string? file)
    {
        _positions[path] = position;
        if (file is not null)
        {
            _files[path] = file;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
                    Walk(value, path.Length == 0 ? name : path + "." + name, ((int)key.Start.Line, (int)key.Start.Column), fileOf, fileOf(key));
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    Walk(item, $"{path}[{i}]", ((int)item.Start.Line, (int)item.Start.Column), fileOf, fileOf(item) ?? file);
                }

                break;
        }
    }
}
